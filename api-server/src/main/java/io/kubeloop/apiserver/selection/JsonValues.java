package io.kubeloop.apiserver.selection;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading field-selector values out of stored JSON objects. */
final class JsonValues {

  private JsonValues() {}

  /** The node at {@code path}, or a missing node. */
  static JsonNode at(JsonNode object, String... path) {
    JsonNode node = object;
    for (String segment : path) {
      node = node.path(segment);
    }
    return node;
  }

  /**
   * A scalar as a selector value: strings as they are, numbers and booleans as their JSON text,
   * anything else (absent, null, object, array) as {@code ""}.
   */
  static String text(JsonNode node) {
    if (node == null) {
      return "";
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    return "";
  }

  static SelectableFields.FieldReader reader(String... path) {
    return object -> text(at(object, path));
  }

  /** A boolean field that Go reads as {@code false} when absent. */
  static SelectableFields.FieldReader bool(String... path) {
    return object -> at(object, path).asBoolean(false) ? "true" : "false";
  }

  /** An integer field that Go reads as {@code 0} when absent. */
  static SelectableFields.FieldReader integer(String... path) {
    return object -> {
      JsonNode node = at(object, path);
      return node.isIntegralNumber() ? node.asText() : "0";
    };
  }

  /** The first of the paths that holds a non-empty string, else {@code ""}. */
  static SelectableFields.FieldReader firstNonEmpty(String[]... paths) {
    return object -> {
      for (String[] path : paths) {
        String value = text(at(object, path));
        if (!value.isEmpty()) {
          return value;
        }
      }
      return "";
    };
  }
}
