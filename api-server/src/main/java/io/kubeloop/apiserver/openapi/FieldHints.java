package io.kubeloop.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What kube's OpenAPI says of built-in fields beyond their Java types: which fields are required,
 * which strings are {@code metav1.Time}s or base64 bytes ({@link KubeFieldData}), list types and
 * map keys, and the strategic merge patch strategies and merge keys — the latter read from the
 * table the {@code patch} package applies patches with, so the published {@code
 * x-kubernetes-patch-*} extensions and the server's behaviour cannot disagree.
 *
 * <p>Loaded once; immutable and thread-safe.
 */
final class FieldHints {

  /** The strategic merge patch table, kept beside the patch package's classes. */
  static final String PATCH_TABLE = "/io/kubeloop/apiserver/patch/strategic-merge-patch.txt";

  private record ListType(String type, List<String> keys) {}

  private record PatchTags(String strategy, String mergeKey) {}

  private static final Map<String, List<String>> REQUIRED = new HashMap<>();
  private static final Map<String, String> FIELD_TYPES = new HashMap<>();
  private static final Set<String> BYTES = new java.util.HashSet<>();
  private static final Map<String, ListType> LIST_TYPES = new HashMap<>();
  private static final Map<String, PatchTags> PATCH = loadPatchTable();

  static {
    for (String line : KubeFieldData.TABLE.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] c = trimmed.split("\\s+");
      switch (c[0]) {
        case "required" -> REQUIRED.put(c[1], List.of(c[2].split(",")));
        case "time" -> FIELD_TYPES.put(c[1] + " " + c[2], KubeNames.META + "Time");
        case "byte" -> BYTES.add(c[1] + " " + c[2]);
        case "list" ->
            LIST_TYPES.put(
                c[1] + " " + c[2],
                new ListType(c[3], c.length > 4 ? List.of(c[4].split(",")) : List.of()));
        default -> throw new IllegalStateException("unknown field hint: " + line);
      }
    }
  }

  private FieldHints() {}

  /** The required fields of a definition, as kube marks them; empty if none. */
  static List<String> required(String definition) {
    return REQUIRED.getOrDefault(definition, List.of());
  }

  /** The definition a string field really refers to ({@code metav1.Time}), or null. */
  static String fieldType(String definition, String field) {
    return FIELD_TYPES.get(definition + " " + field);
  }

  /** Whether a string (or the values of a map of strings) holds base64 bytes. */
  static boolean isByteFormat(String definition, String field) {
    return BYTES.contains(definition + " " + field);
  }

  /**
   * Adds kube's {@code x-kubernetes-patch-strategy}, {@code x-kubernetes-patch-merge-key}, {@code
   * x-kubernetes-list-type} and {@code x-kubernetes-list-map-keys} of a field to its schema.
   *
   * @param type the Fabric8 class holding the field
   */
  static void addExtensions(Class<?> type, String definition, String field, ObjectNode schema) {
    ListType list = LIST_TYPES.get(definition + " " + field);
    if (list != null) {
      schema.put("x-kubernetes-list-type", list.type());
      if (!list.keys().isEmpty()) {
        ArrayNode keys = schema.putArray("x-kubernetes-list-map-keys");
        list.keys().forEach(keys::add);
      }
    }
    PatchTags patch = PATCH.get(type.getName() + " " + field);
    if (patch != null) {
      if (!patch.mergeKey().isEmpty()) {
        schema.put("x-kubernetes-patch-merge-key", patch.mergeKey());
      }
      schema.put("x-kubernetes-patch-strategy", patch.strategy());
    }
  }

  /**
   * Reads the strategic merge patch table: {@code <Fabric8 class relative to
   * io.fabric8.kubernetes.api.model> <JSON field> <patchStrategy> [<patchMergeKey>]} per line,
   * {@code #} comments.
   */
  private static Map<String, PatchTags> loadPatchTable() {
    Map<String, PatchTags> table = new HashMap<>();
    try (InputStream in = FieldHints.class.getResourceAsStream(PATCH_TABLE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + PATCH_TABLE);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] c = trimmed.split("\\s+");
        if (c.length < 3) {
          throw new IllegalStateException(PATCH_TABLE + ": malformed line: " + line);
        }
        table.put(
            KubeNames.MODEL + "." + c[0] + " " + c[1],
            new PatchTags(
                String.join(",", Arrays.asList(c[2].split(","))), c.length > 3 ? c[3] : ""));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(table);
  }
}
