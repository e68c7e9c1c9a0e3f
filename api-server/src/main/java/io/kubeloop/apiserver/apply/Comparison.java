package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * structured-merge-diff's {@code Compare} of an old and a new object: the fields the new one added,
 * modified and removed. Leaves (scalars, atomic values, empty maps and lists) are compared by
 * value; a map, list or list item that appears or disappears as a whole is itself added or removed
 * (the {@code ".": {}} of FieldsV1), besides what it holds.
 *
 * @param added fields only the new object has
 * @param modified leaves both have with different values
 * @param removed fields only the old object has
 */
record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {

  private static final int ADDED = 0;
  private static final int MODIFIED = 1;
  private static final int REMOVED = 2;

  /** Compares {@code lhs} (old) with {@code rhs} (new). */
  static Comparison of(JsonNode lhs, JsonNode rhs, Schema schema) {
    Comparison c = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
    walk(lhs, rhs, schema, new FieldSet.Cursor(c.added, c.modified, c.removed));
    return c;
  }

  /** Whether the objects were equal. */
  boolean isSame() {
    return added.isEmpty() && modified.isEmpty() && removed.isEmpty();
  }

  /** Added and modified: what the new object sets that the old one did not. */
  FieldSet changed() {
    return modified.union(added);
  }

  /** This comparison without {@code fields} and what is below them ({@code ExcludeFields}). */
  Comparison excluding(FieldSet fields) {
    if (fields.isEmpty()) {
      return this;
    }
    return new Comparison(
        added.recursiveDifference(fields),
        modified.recursiveDifference(fields),
        removed.recursiveDifference(fields));
  }

  private static void walk(JsonNode lhs, JsonNode rhs, Schema schema, FieldSet.Cursor at) {
    Shapes.Shape shape = Shapes.of(schema, lhs, rhs);
    if (shape == Shapes.Shape.LEAF || Shapes.bothEmpty(lhs, rhs)) {
      if (lhs == null) {
        at.insert(ADDED);
      } else if (rhs == null) {
        at.insert(REMOVED);
      } else if (!Values.equal(lhs, rhs)) {
        at.insert(MODIFIED);
      }
      return;
    }
    if (shape == Shapes.Shape.MAP) {
      walkMap(lhs, rhs, schema, at);
    } else {
      walkList(lhs, rhs, schema, at);
    }
    if (lhs == null) {
      at.insert(ADDED);
    } else if (rhs == null) {
      at.insert(REMOVED);
    }
  }

  private static void walkMap(JsonNode lhs, JsonNode rhs, Schema schema, FieldSet.Cursor at) {
    boolean lhsMap = lhs != null && lhs.isObject();
    boolean rhsMap = rhs != null && rhs.isObject();
    if (lhsMap) {
      for (Map.Entry<String, JsonNode> e : lhs.properties()) {
        JsonNode other = rhsMap ? rhs.get(e.getKey()) : null;
        descend(schema.element(e.getKey()), e.getValue(), other, schema, at);
      }
    }
    if (rhsMap) {
      for (Map.Entry<String, JsonNode> e : rhs.properties()) {
        if (!lhsMap || !lhs.has(e.getKey())) {
          descend(schema.element(e.getKey()), null, e.getValue(), schema, at);
        }
      }
    }
  }

  private static void walkList(JsonNode lhs, JsonNode rhs, Schema schema, FieldSet.Cursor at) {
    Map<PathElement, JsonNode> left = ListItems.index(schema, lhs);
    Map<PathElement, JsonNode> right = ListItems.index(schema, rhs);
    for (Map.Entry<PathElement, JsonNode> e : left.entrySet()) {
      descend(e.getKey(), e.getValue(), right.get(e.getKey()), schema, at);
    }
    for (Map.Entry<PathElement, JsonNode> e : right.entrySet()) {
      if (!left.containsKey(e.getKey())) {
        descend(e.getKey(), null, e.getValue(), schema, at);
      }
    }
  }

  private static void descend(
      PathElement element, JsonNode lhs, JsonNode rhs, Schema parent, FieldSet.Cursor at) {
    walk(lhs, rhs, Shapes.child(parent, element), at.child(element));
  }
}
