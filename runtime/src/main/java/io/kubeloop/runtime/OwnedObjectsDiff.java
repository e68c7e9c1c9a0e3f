package io.kubeloop.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The paths at which two JSON documents differ, as RFC 6901 JSON pointers.
 *
 * <p>Objects are compared member by member, recursively; anything else (arrays, scalars, a change
 * of type) is compared as a whole and reported at its own path. A member that is null on one side
 * and absent on the other counts as equal, as Kubernetes serializes both the same way. Stateless.
 */
final class OwnedObjectsDiff {

  private OwnedObjectsDiff() {}

  /**
   * The paths that differ, in document order of {@code before} then {@code after}; empty if equal.
   */
  static List<String> diff(JsonNode before, JsonNode after) {
    List<String> paths = new ArrayList<>();
    collect("", orMissing(before), orMissing(after), paths);
    return paths;
  }

  private static void collect(String path, JsonNode a, JsonNode b, List<String> out) {
    if (absent(a) && absent(b)) {
      return;
    }
    if (a.isObject() && b.isObject()) {
      Set<String> names = new LinkedHashSet<>();
      a.fieldNames().forEachRemaining(names::add);
      b.fieldNames().forEachRemaining(names::add);
      for (Iterator<String> it = names.iterator(); it.hasNext(); ) {
        String name = it.next();
        collect(path + "/" + escape(name), a.path(name), b.path(name), out);
      }
      return;
    }
    if (!a.equals(b)) {
      out.add(path); // "" is the whole document (RFC 6901)
    }
  }

  private static boolean absent(JsonNode node) {
    return node.isMissingNode() || node.isNull();
  }

  private static JsonNode orMissing(JsonNode node) {
    return node == null ? MissingNode.getInstance() : node;
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
