package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How the walkers treat a value, or a pair of values, at one place: as a map to descend into key by
 * key, as an associative list to descend into item by item, or as a leaf compared and replaced
 * whole (scalars, atomic lists and maps, untyped lists, and values whose JSON shape contradicts the
 * schema).
 *
 * <p>Stateless; thread-safe.
 */
final class Shapes {

  enum Shape {
    MAP,
    LIST,
    LEAF
  }

  private Shapes() {}

  /** The shape of a pair; either value may be absent (Java null) or JSON null. */
  static Shape of(Schema schema, JsonNode lhs, JsonNode rhs) {
    return switch (schema.kind()) {
      case SCALAR -> Shape.LEAF;
      case STRUCT, MAP ->
          !schema.atomic() && objectOrNothing(lhs) && objectOrNothing(rhs) ? Shape.MAP : Shape.LEAF;
      case LIST ->
          schema.listType() != Schema.ListType.ATOMIC && arrayOrNothing(lhs) && arrayOrNothing(rhs)
              ? Shape.LIST
              : Shape.LEAF;
      case UNTYPED ->
          objectOrNothing(lhs) && objectOrNothing(rhs) && (isObject(lhs) || isObject(rhs))
              ? Shape.MAP
              : Shape.LEAF;
    };
  }

  /** The shape of one value. */
  static Shape of(Schema schema, JsonNode value) {
    return of(schema, value, null);
  }

  /** Whether neither side has entries: then even a map or list is compared as a leaf. */
  static boolean bothEmpty(JsonNode lhs, JsonNode rhs) {
    return isEmpty(lhs) && isEmpty(rhs);
  }

  private static boolean isEmpty(JsonNode v) {
    return v == null || v.isNull() || v.isEmpty();
  }

  private static boolean isObject(JsonNode v) {
    return v != null && v.isObject();
  }

  private static boolean objectOrNothing(JsonNode v) {
    return v == null || v.isNull() || v.isObject();
  }

  private static boolean arrayOrNothing(JsonNode v) {
    return v == null || v.isNull() || v.isArray();
  }

  /** The schema below {@code element}: a field's, or the items' for list elements. */
  static Schema child(Schema schema, PathElement element) {
    if (element instanceof PathElement.Field f) {
      Schema field = schema.field(f.name());
      return field == null ? Schema.UNTYPED : field;
    }
    return schema.kind() == Schema.Kind.LIST ? schema.items() : Schema.UNTYPED;
  }
}
