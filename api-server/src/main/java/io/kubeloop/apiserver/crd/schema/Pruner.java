package io.kubeloop.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Structural pruning ({@code pruning.PruneWithOptions}) and {@code
 * PruneNonNullableNullsWithoutDefaults}: drops object fields the structural schema does not
 * specify, except under {@code x-kubernetes-preserve-unknown-fields} and the {@code apiVersion},
 * {@code kind} and {@code metadata} of the resource root and of embedded resources; then drops
 * {@code null}s where the schema is not nullable and has no default. Mutates the tree in place.
 *
 * <p>Stateless and thread-safe (the tree passed in must not be shared while it is pruned).
 */
final class Pruner {

  private Pruner() {}

  private static final Set<String> META_FIELDS = Set.of("apiVersion", "kind", "metadata");

  /**
   * Prunes {@code obj} and returns the paths of the fields removed, sorted, as kube reports them
   * for {@code unknown field "spec.foo"} warnings.
   */
  static List<String> prune(JsonNode obj, SchemaNode s, boolean isResourceRoot) {
    List<String> unknown = new ArrayList<>();
    prune(obj, s, isResourceRoot, "", unknown);
    unknown.sort(null);
    return unknown;
  }

  private static boolean embedded(SchemaNode s, boolean root) {
    return root || (s != null && s.embeddedResource);
  }

  private static void prune(
      JsonNode x, SchemaNode s, boolean root, String path, List<String> unknown) {
    if (s != null && s.preserveUnknownFields()) {
      skipPrune(x, s, root, path, unknown);
      return;
    }
    if (x instanceof ObjectNode o) {
      if (s == null) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
          unknown.add(Paths.child(path, it.next()));
        }
        o.removeAll();
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String k = e.getKey();
        if (embedded(s, root) && META_FIELDS.contains(k)) {
          continue;
        }
        SchemaNode prop = s.properties.get(k);
        if (prop != null) {
          prune(e.getValue(), prop, false, Paths.child(path, k), unknown);
        } else if (s.hasAdditionalProperties) {
          prune(e.getValue(), s.additionalProperties, false, Paths.child(path, k), unknown);
        } else {
          if (!META_FIELDS.contains(k) || !path.isEmpty()) {
            unknown.add(Paths.child(path, k));
          }
          it.remove();
        }
      }
    } else if (x instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        prune(a.get(i), s == null ? null : s.items, false, Paths.index(path, i), unknown);
      }
    }
  }

  private static void skipPrune(
      JsonNode x, SchemaNode s, boolean root, String path, List<String> unknown) {
    if (s == null) {
      return;
    }
    if (x instanceof ObjectNode o) {
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String k = e.getKey();
        if (embedded(s, root) && META_FIELDS.contains(k)) {
          continue;
        }
        SchemaNode prop = s.properties.get(k);
        if (prop != null) {
          prune(e.getValue(), prop, false, Paths.child(path, k), unknown);
        } else if (s.hasAdditionalProperties) {
          prune(e.getValue(), s.additionalProperties, false, Paths.child(path, k), unknown);
        }
      }
    } else if (x instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        skipPrune(a.get(i), s.items, false, Paths.index(path, i), unknown);
      }
    }
  }

  /** Removes {@code null} values whose schema is neither nullable nor defaulted. */
  static void pruneNonNullableNullsWithoutDefaults(JsonNode x, SchemaNode s) {
    if (x instanceof ObjectNode o) {
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        SchemaNode child = s == null ? null : s.childFor(e.getKey());
        if (e.getValue().isNull()
            && child != null
            && !child.nullable
            && child.defaultValue == null) {
          it.remove();
        } else {
          pruneNonNullableNullsWithoutDefaults(e.getValue(), child);
        }
      }
    } else if (x instanceof ArrayNode a) {
      SchemaNode items = s == null ? null : s.items;
      for (JsonNode v : a) {
        pruneNonNullableNullsWithoutDefaults(v, items);
      }
    }
  }
}
