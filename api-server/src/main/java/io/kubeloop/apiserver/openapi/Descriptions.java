package io.kubeloop.apiserver.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kube's documentation of built-in types and their fields, the text {@code kubectl explain} prints.
 * It is read from the model classes of the Kubernetes Java client ({@code
 * io.kubernetes:client-java-api}), which kube's OpenAPI generator annotated with each definition's
 * description ({@code @ApiModel}) and each property's ({@code @ApiModelProperty} on the getter,
 * matched to the JSON name through gson's {@code @SerializedName} on the field). The class files
 * are parsed, not loaded: none of that library's dependencies is needed.
 *
 * <p>The Java client's version documents Kubernetes 1.32; fields added since have no description.
 * Cached per definition; thread-safe.
 */
final class Descriptions {

  /** A definition's description and its properties' (JSON name to text); empty when unknown. */
  record Doc(String type, Map<String, String> fields) {
    static final Doc NONE = new Doc("", Map.of());
  }

  private static final String MODELS = "io/kubernetes/client/openapi/models/";
  private static final String API_MODEL = "Lio/swagger/annotations/ApiModel;";
  private static final String API_MODEL_PROPERTY = "Lio/swagger/annotations/ApiModelProperty;";
  private static final String SERIALIZED_NAME = "Lcom/google/gson/annotations/SerializedName;";

  private static final Map<String, Doc> CACHE = new ConcurrentHashMap<>();

  private Descriptions() {}

  /** The documentation of a definition, e.g. {@code io.k8s.api.apps.v1.Deployment}. */
  static Doc of(String definition) {
    return CACHE.computeIfAbsent(definition, Descriptions::load);
  }

  private static Doc load(String definition) {
    for (String candidate : candidates(definition)) {
      try (InputStream in =
          Descriptions.class.getClassLoader().getResourceAsStream(MODELS + candidate + ".class")) {
        if (in != null) {
          return doc(ClassFileAnnotations.read(in));
        }
      } catch (IOException e) {
        return Doc.NONE; // a damaged class file: no text rather than no document
      }
    }
    return Doc.NONE;
  }

  /**
   * The Java client's class names for a definition: {@code <Version><Kind>} ({@code V1Deployment}),
   * or with the group in front where two groups share a kind ({@code CoreV1Event}, {@code
   * EventsV1Event}, {@code ApiextensionsV1ServiceReference}); the group-led name is tried first as
   * it exists only where the short one is someone else's.
   */
  static List<String> candidates(String definition) {
    int dot = definition.lastIndexOf('.');
    String kind = definition.substring(dot + 1);
    String[] pkg = definition.substring(0, dot).split("\\.");
    if (definition.equals("io.k8s.apimachinery.pkg.version.Info")) {
      return List.of("VersionInfo");
    }
    String version = pkg[pkg.length - 1];
    String group = pkg.length >= 2 ? pkg[pkg.length - 2] : "";
    String v = KubeNames.capitalize(version);
    return List.of(KubeNames.capitalize(group) + v + kind, v + kind);
  }

  private static Doc doc(ClassFileAnnotations.ClassAnnotations classFile) {
    String type = classFile.type().value(API_MODEL, "description");
    // getter name without "get"/"is", lower case -> its description
    Map<String, String> byGetter = new HashMap<>();
    classFile
        .methods()
        .values()
        .forEach(
            m -> {
              String text = m.value(API_MODEL_PROPERTY, "value");
              if (text != null && !text.isEmpty()) {
                String name = m.name();
                String stem =
                    name.startsWith("get")
                        ? name.substring(3)
                        : name.startsWith("is") ? name.substring(2) : name;
                byGetter.put(stem.toLowerCase(Locale.ROOT), text);
              }
            });
    Map<String, String> fields = new HashMap<>();
    classFile
        .fields()
        .values()
        .forEach(
            f -> {
              String json = f.value(SERIALIZED_NAME, "value");
              if (json == null) {
                return;
              }
              String text = f.value(API_MODEL_PROPERTY, "value");
              if (text == null) {
                // Java names that are keywords get a leading _ or $ (_continue, $ref)
                String stem = f.name().replaceFirst("^[_$]+", "").toLowerCase(Locale.ROOT);
                text = byGetter.get(stem);
              }
              if (text != null && !text.isEmpty()) {
                fields.put(json, text);
              }
            });
    return new Doc(type == null ? "" : type, Map.copyOf(fields));
  }
}
