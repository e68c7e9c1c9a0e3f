package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * structured-merge-diff's {@code Merge} of an applied configuration into the live object: maps and
 * structs merge key by key, associative lists item by item (matched by key or value), and
 * everything else — scalars, atomic lists and maps — takes the configuration's value. Nothing is
 * removed here; {@link Updater} prunes what an applier stopped applying.
 *
 * <p>Items of a merged list keep the live order, except that items both lists hold follow the
 * configuration's order and new items go where the configuration puts them.
 *
 * <p>The result is a new tree that shares no container with its inputs. Stateless; thread-safe.
 */
final class Merger {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Merger() {}

  /**
   * Merges {@code rhs} into {@code lhs}; either may be absent (null).
   *
   * @return the merged value, or null if both are absent
   */
  static JsonNode merge(JsonNode lhs, JsonNode rhs, Schema schema) {
    if (rhs == null) {
      return lhs == null ? null : lhs.deepCopy();
    }
    if (lhs == null) {
      return rhs.deepCopy();
    }
    Shapes.Shape shape = Shapes.of(schema, lhs, rhs);
    if (shape == Shapes.Shape.LEAF || Shapes.bothEmpty(lhs, rhs)) {
      return rhs.deepCopy();
    }
    return shape == Shapes.Shape.MAP ? mergeMap(lhs, rhs, schema) : mergeList(lhs, rhs, schema);
  }

  private static JsonNode mergeMap(JsonNode lhs, JsonNode rhs, Schema schema) {
    ObjectNode out = NODES.objectNode();
    boolean rhsMap = rhs.isObject();
    if (lhs.isObject()) {
      for (Map.Entry<String, JsonNode> e : lhs.properties()) {
        Schema field = Shapes.child(schema, schema.element(e.getKey()));
        out.set(e.getKey(), merge(e.getValue(), rhsMap ? rhs.get(e.getKey()) : null, field));
      }
    }
    if (rhsMap) {
      for (Map.Entry<String, JsonNode> e : rhs.properties()) {
        if (!out.has(e.getKey())) {
          Schema field = Shapes.child(schema, schema.element(e.getKey()));
          out.set(e.getKey(), merge(null, e.getValue(), field));
        }
      }
    }
    return out;
  }

  private static JsonNode mergeList(JsonNode lhs, JsonNode rhs, Schema schema) {
    Map<PathElement, JsonNode> left = ListItems.index(schema, lhs);
    Map<PathElement, JsonNode> right = ListItems.index(schema, rhs);
    List<PathElement> lhsOrder = new ArrayList<>(left.keySet());
    List<PathElement> rhsOrder = new ArrayList<>(right.keySet());
    List<PathElement> shared = new ArrayList<>();
    for (PathElement e : rhsOrder) {
      if (left.containsKey(e)) {
        shared.add(e);
      }
    }
    Schema items = schema.items();
    ArrayNode out = NODES.arrayNode();
    int nextShared = 0;
    int l = 0;
    int r = 0;
    while (l < lhsOrder.size() || r < rhsOrder.size()) {
      int before = l + r;
      if (l < lhsOrder.size() && r < rhsOrder.size()) {
        PathElement e = lhsOrder.get(l);
        if (e.equals(rhsOrder.get(r))) {
          out.add(merge(left.get(e), right.get(e), items));
          l++;
          r++;
          nextShared = advance(shared, nextShared, e);
          continue;
        }
        if (right.containsKey(e)
            && nextShared < shared.size()
            && !shared.get(nextShared).equals(e)) {
          l++; // shared, but the configuration puts it later: it comes with the rhs item
          continue;
        }
      }
      if (l < lhsOrder.size() && !right.containsKey(lhsOrder.get(l))) {
        PathElement e = lhsOrder.get(l);
        out.add(merge(left.get(e), null, items));
        l++;
        continue;
      }
      if (r < rhsOrder.size()) {
        PathElement e = rhsOrder.get(r);
        out.add(merge(left.get(e), right.get(e), items));
        r++;
        nextShared = advance(shared, nextShared, e);
      }
      if (l + r == before) {
        l++; // a live item already merged through the configuration's order
      }
    }
    return out;
  }

  private static int advance(List<PathElement> shared, int next, PathElement merged) {
    return next < shared.size() && shared.get(next).equals(merged) ? next + 1 : next;
  }
}
