package io.kubeloop.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kubeloop.apiserver.errors.FieldError;
import io.kubeloop.apiserver.validation.Names;
import io.kubeloop.apiserver.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code objectmeta.Validate} for embedded resources ({@code x-kubernetes-embedded-resource}):
 * {@code apiVersion} and {@code kind} are required strings, the kind a DNS-1035 label up to case,
 * and {@code metadata} must be valid ObjectMeta (names checked as path segments, as kube does for
 * embedded objects; the name itself is optional). The resource root is validated elsewhere.
 *
 * <p>Stateless and thread-safe.
 */
final class EmbeddedResources {

  private EmbeddedResources() {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static List<FieldError> validate(SchemaNode root, JsonNode obj) {
    List<FieldError> errs = new ArrayList<>();
    walk(null, obj, root, false, errs);
    return errs;
  }

  private static String child(String path, String name) {
    return path == null ? name : Paths.child(path, name);
  }

  private static void walk(
      String path, JsonNode x, SchemaNode s, boolean checkEmbedded, List<FieldError> errs) {
    if (s == null || x == null) {
      return;
    }
    if (x.isObject()) {
      if (checkEmbedded && s.embeddedResource) {
        validateEmbedded(path == null ? "" : path, x, errs);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = x.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        SchemaNode prop = s.properties.get(e.getKey());
        if (prop != null) {
          walk(child(path, e.getKey()), e.getValue(), prop, true, errs);
        } else if (s.additionalProperties != null) {
          walk(
              Paths.key(path == null ? "" : path, e.getKey()),
              e.getValue(),
              s.additionalProperties,
              true,
              errs);
        }
      }
    } else if (x.isArray()) {
      for (int i = 0; i < x.size(); i++) {
        walk(Paths.index(path == null ? "" : path, i), x.get(i), s.items, true, errs);
      }
    }
  }

  private static void validateEmbedded(String path, JsonNode x, List<FieldError> errs) {
    if (!x.has("apiVersion")) {
      errs.add(FieldError.required(Paths.child(path, "apiVersion"), ""));
    }
    if (!x.has("kind")) {
      errs.add(FieldError.required(Paths.child(path, "kind"), ""));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = x.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      switch (e.getKey()) {
        case "apiVersion" -> {
          String p = Paths.child(path, "apiVersion");
          if (!v.isTextual()) {
            errs.add(FieldError.invalid(p, GoFormat.badValue(v), "must be a string"));
          } else if (v.textValue().isEmpty()) {
            errs.add(FieldError.required(p, ""));
          } else if (v.textValue().chars().filter(c -> c == '/').count() > 1) {
            errs.add(
                FieldError.invalid(
                    p, v.textValue(), "unexpected GroupVersion string: " + v.textValue()));
          }
        }
        case "kind" -> {
          String p = Paths.child(path, "kind");
          if (!v.isTextual()) {
            errs.add(FieldError.invalid(p, GoFormat.badValue(v), "must be a string"));
          } else if (v.textValue().isEmpty()) {
            errs.add(FieldError.required(p, ""));
          } else {
            List<String> msgs = Names.isDns1035Label(v.textValue().toLowerCase(Locale.ROOT));
            if (!msgs.isEmpty()) {
              errs.add(
                  FieldError.invalid(
                      p,
                      v.textValue(),
                      "may have mixed case, but should otherwise match: "
                          + String.join(",", msgs)));
            }
          }
        }
        case "metadata" -> validateMetadata(Paths.child(path, "metadata"), v, errs);
        default -> {}
      }
    }
  }

  private static void validateMetadata(String path, JsonNode v, List<FieldError> errs) {
    ObjectMeta meta;
    try {
      meta = MAPPER.treeToValue(v, ObjectMeta.class);
    } catch (Exception e) {
      errs.add(
          FieldError.invalid(
              path, GoFormat.badValue(v), "cannot decode metadata: " + e.getMessage()));
      return;
    }
    if (meta == null) {
      return;
    }
    String name = meta.getName();
    String generateName = meta.getGenerateName();
    boolean namespaced = meta.getNamespace() != null && !meta.getNamespace().isEmpty();
    ObjectMeta copy = new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(meta).build();
    copy.setName("fakename"); // the name is optional in embedded objects
    copy.setGenerateName(null);
    for (FieldError e : ObjectMetaValidation.validateCreate(copy, namespaced)) {
      String field = e.field();
      String rel =
          field.startsWith("metadata") ? field.substring("metadata".length()) : "." + field;
      errs.add(new FieldError(e.type(), path + rel, e.badValue(), e.detail()));
    }
    if (generateName != null && !generateName.isEmpty()) {
      for (String msg : Names.isPathSegmentPrefix(generateName)) {
        errs.add(FieldError.invalid(path + ".generateName", generateName, msg));
      }
    }
    if (name != null && !name.isEmpty()) {
      for (String msg : Names.isPathSegmentName(name)) {
        errs.add(FieldError.invalid(path + ".name", name, msg));
      }
    }
  }
}
