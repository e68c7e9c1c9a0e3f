package io.kubeloop.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/** JSON literals for patch tests; single quotes stand for double quotes. */
final class PatchTestSupport {

  private PatchTestSupport() {}

  static JsonNode json(String s) {
    try {
      // The patch parser's mapper, which allows Go's nesting depth.
      return JsonTrees.MAPPER.readTree(s.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException("bad test JSON", e);
    }
  }

  static byte[] bytes(String s) {
    return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  /** {"a":{"a":...{"a":leaf}}} with {@code depth} objects. */
  static String nestedObjects(int depth, String leaf) {
    return "{\"a\":".repeat(depth) + leaf + "}".repeat(depth);
  }
}
