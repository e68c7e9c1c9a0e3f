package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
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

  /** Compares {@code lhs} (old) with {@code rhs} (new). */
  static Comparison of(JsonNode lhs, JsonNode rhs, Schema schema) {
    Comparison c = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
    c.walk(lhs, rhs, schema, new ArrayList<>());
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

  private void walk(JsonNode lhs, JsonNode rhs, Schema schema, List<PathElement> path) {
    Shapes.Shape shape = Shapes.of(schema, lhs, rhs);
    if (shape == Shapes.Shape.LEAF || Shapes.bothEmpty(lhs, rhs)) {
      if (lhs == null) {
        added.insert(path);
      } else if (rhs == null) {
        removed.insert(path);
      } else if (!Values.equal(lhs, rhs)) {
        modified.insert(path);
      }
      return;
    }
    if (shape == Shapes.Shape.MAP) {
      walkMap(lhs, rhs, schema, path);
    } else {
      walkList(lhs, rhs, schema, path);
    }
    if (lhs == null) {
      added.insert(path);
    } else if (rhs == null) {
      removed.insert(path);
    }
  }

  private void walkMap(JsonNode lhs, JsonNode rhs, Schema schema, List<PathElement> path) {
    boolean lhsMap = lhs != null && lhs.isObject();
    boolean rhsMap = rhs != null && rhs.isObject();
    if (lhsMap) {
      for (Map.Entry<String, JsonNode> e : lhs.properties()) {
        JsonNode other = rhsMap ? rhs.get(e.getKey()) : null;
        descend(new PathElement.Field(e.getKey()), e.getValue(), other, schema, path);
      }
    }
    if (rhsMap) {
      for (Map.Entry<String, JsonNode> e : rhs.properties()) {
        if (!lhsMap || !lhs.has(e.getKey())) {
          descend(new PathElement.Field(e.getKey()), null, e.getValue(), schema, path);
        }
      }
    }
  }

  private void walkList(JsonNode lhs, JsonNode rhs, Schema schema, List<PathElement> path) {
    Map<PathElement, JsonNode> left = ListItems.index(schema, lhs);
    Map<PathElement, JsonNode> right = ListItems.index(schema, rhs);
    for (Map.Entry<PathElement, JsonNode> e : left.entrySet()) {
      descend(e.getKey(), e.getValue(), right.get(e.getKey()), schema, path);
    }
    for (Map.Entry<PathElement, JsonNode> e : right.entrySet()) {
      if (!left.containsKey(e.getKey())) {
        descend(e.getKey(), null, e.getValue(), schema, path);
      }
    }
  }

  private void descend(
      PathElement element, JsonNode lhs, JsonNode rhs, Schema parent, List<PathElement> path) {
    path.add(element);
    walk(lhs, rhs, Shapes.child(parent, element), path);
    path.remove(path.size() - 1);
  }
}
