package io.kubeloop.apiserver.patch;

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

/**
 * The table of patch strategies of built-in types ({@code strategic-merge-patch.txt} beside this
 * class): for a Fabric8 model class and a JSON field, kube's {@code patchStrategy} and {@code
 * patchMergeKey} struct tags. Loaded once; immutable and thread-safe.
 */
final class StrategicMergeStrategies {

  static final String RESOURCE = "strategic-merge-patch.txt";
  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model.";

  /**
   * A field's tags: the strategies as kube splits {@code patchStrategy} on commas ({@code merge},
   * {@code retainKeys}, {@code replace}) and the merge key, empty when there is none.
   */
  record Tags(List<String> strategies, String mergeKey) {

    static final Tags NONE = new Tags(List.of(), "");

    /**
     * The strategy other than {@code retainKeys} ({@code extractRetainKeysPatchStrategy}); only
     * {@code merge} and {@code replace} change how values merge, {@code retainKeys} only guides
     * clients that compute patches.
     */
    String patchStrategy() {
      for (String s : strategies) {
        if (!s.equals("retainKeys")) {
          return s;
        }
      }
      return "";
    }
  }

  private static final Map<Class<?>, Map<String, Tags>> TABLE = load();

  private StrategicMergeStrategies() {}

  /** The tags of a field; {@link Tags#NONE} for fields the table does not list. */
  static Tags of(Class<?> type, String jsonField) {
    Map<String, Tags> fields = TABLE.get(type);
    return fields == null ? Tags.NONE : fields.getOrDefault(jsonField, Tags.NONE);
  }

  /** Every class the table lists with its fields; for tests. */
  static Map<Class<?>, Map<String, Tags>> table() {
    return TABLE;
  }

  private static Map<Class<?>, Map<String, Tags>> load() {
    Map<Class<?>, Map<String, Tags>> table = new HashMap<>();
    try (InputStream in = StrategicMergeStrategies.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] columns = trimmed.split("\\s+");
        if (columns.length < 3 || columns.length > 4) {
          throw new IllegalStateException(RESOURCE + ":" + number + ": expected 3 or 4 columns");
        }
        Class<?> type = modelClass(columns[0], number);
        List<String> strategies = List.copyOf(Arrays.asList(columns[2].split(",")));
        for (String s : strategies) {
          if (!s.equals("merge") && !s.equals("retainKeys") && !s.equals("replace")) {
            throw new IllegalStateException(RESOURCE + ":" + number + ": unknown strategy " + s);
          }
        }
        Tags tags = new Tags(strategies, columns.length == 4 ? columns[3] : "");
        Tags previous = table.computeIfAbsent(type, t -> new HashMap<>()).put(columns[1], tags);
        if (previous != null) {
          throw new IllegalStateException(RESOURCE + ":" + number + ": duplicate " + columns[1]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<Class<?>, Map<String, Tags>> frozen = new HashMap<>();
    table.forEach((type, fields) -> frozen.put(type, Map.copyOf(fields)));
    return Map.copyOf(frozen);
  }

  private static Class<?> modelClass(String name, int line) {
    try {
      return Class.forName(
          MODEL_PACKAGE + name, false, StrategicMergeStrategies.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(RESOURCE + ":" + line + ": no model class " + name, e);
    }
  }
}
