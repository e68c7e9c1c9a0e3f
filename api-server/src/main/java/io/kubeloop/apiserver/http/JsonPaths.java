package io.kubeloop.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The simple JSON paths CRDs use for scale ({@code .spec.replicas}): dot-separated fields. */
final class JsonPaths {

  private JsonPaths() {}

  static JsonNode get(JsonNode object, String path) {
    if (path == null || path.isEmpty()) {
      return MissingNode.getInstance();
    }
    JsonNode node = object;
    for (String field : fields(path)) {
      node = node.path(field);
    }
    return node;
  }

  /** Sets the value at {@code path}, creating intermediate objects. */
  static void set(ObjectNode object, String path, JsonNode value) {
    String[] fields = fields(path);
    ObjectNode node = object;
    for (int i = 0; i < fields.length - 1; i++) {
      node = node.withObject(fields[i]);
    }
    node.set(fields[fields.length - 1], value);
  }

  private static String[] fields(String path) {
    String trimmed = path.startsWith(".") ? path.substring(1) : path;
    return trimmed.split("\\.");
  }
}
