package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Migration between client-side and server-side apply for manager {@code kubectl}, as kube does it:
 * a server-side apply does not conflict on fields whose values still are what the client-side
 * {@code kubectl.kubernetes.io/last-applied-configuration} annotation says (kubectl applied them),
 * and keeps that annotation, where the object has one, in step with what was applied.
 *
 * <p>Stateless apart from its schema; thread-safe.
 */
final class LastApplied {

  static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
  static final String KUBECTL = "kubectl";

  private final Schema schema;
  private final String apiVersion;

  LastApplied(Schema schema, String apiVersion) {
    this.schema = schema;
    this.apiVersion = apiVersion;
  }

  /**
   * The fields of the annotation that still hold the annotated values in {@code live}: kubectl's
   * fields, which a server-side apply by kubectl may take without conflict; null if there is no
   * usable annotation.
   */
  FieldSet allowedConflicts(JsonNode live) {
    String text = annotation(live);
    if (text == null) {
      return null;
    }
    JsonNode last;
    try {
      last = Json.MAPPER.readTree(text);
    } catch (IOException e) {
      return null;
    }
    if (last == null || !last.isObject() || !apiVersion.equals(last.path("apiVersion").asText())) {
      return null;
    }
    List<String> errors = new ArrayList<>();
    FieldSet set = FieldSetWalker.strict(last, schema, errors);
    if (!errors.isEmpty()) {
      return null;
    }
    Comparison compare = Comparison.of(last, live, schema);
    return set.difference(compare.modified())
        .difference(compare.added())
        .difference(compare.removed());
  }

  /** Whether {@code object} carries a non-empty annotation. */
  static boolean has(JsonNode object) {
    String text = annotation(object);
    return text != null && !text.isEmpty();
  }

  /** Sets the annotation of {@code object} to {@code config} without the annotation itself. */
  static void update(ObjectNode object, JsonNode config) {
    ObjectNode copy = config.deepCopy();
    JsonNode annotations = copy.path("metadata").path("annotations");
    if (annotations instanceof ObjectNode a) {
      a.remove(ANNOTATION);
    }
    String value = Values.canonical(copy) + "\n";
    JsonNode meta = object.get("metadata");
    if (meta instanceof ObjectNode m && m.get("annotations") instanceof ObjectNode a) {
      a.put(ANNOTATION, value);
    }
  }

  private static String annotation(JsonNode object) {
    JsonNode value = object.path("metadata").path("annotations").path(ANNOTATION);
    return value.isTextual() ? value.textValue() : null;
  }
}
