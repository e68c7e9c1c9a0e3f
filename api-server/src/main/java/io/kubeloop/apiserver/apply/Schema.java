package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The type at one place in an object, as structured-merge-diff's schema describes it: a struct
 * (named fields), a map (free keys, one value type), a list (atomic, a set of scalars, or a map of
 * items by key fields), a scalar, or untyped (structured-merge-diff's "deduced" type: objects merge
 * by key, lists are atomic). Structs and maps may be atomic, replaced whole.
 *
 * <p>Implementations are immutable and thread-safe.
 */
interface Schema {

  enum Kind {
    STRUCT,
    MAP,
    LIST,
    SCALAR,
    UNTYPED
  }

  enum ListType {
    ATOMIC,
    SET,
    MAP
  }

  Kind kind();

  /** A struct or map replaced as a whole ({@code x-kubernetes-map-type: atomic}). */
  default boolean atomic() {
    return false;
  }

  /** Whether {@code name} is a declared field of this struct. */
  default boolean declares(String name) {
    return false;
  }

  /**
   * The schema of the value under {@code name} in a struct or map, or null when a struct does not
   * declare it and keeps no unknown fields.
   */
  default Schema field(String name) {
    return null;
  }

  /** The path element of field {@code name}; declared fields reuse one instance. */
  default PathElement.Field element(String name) {
    return new PathElement.Field(name);
  }

  /** The schema of list items. */
  default Schema items() {
    return UNTYPED;
  }

  default ListType listType() {
    return ListType.ATOMIC;
  }

  /** The key fields of a {@link ListType#MAP} list. */
  default List<String> keys() {
    return List.of();
  }

  /** The default of key field {@code key} of a map list's items, or null. */
  default JsonNode keyDefault(String key) {
    return null;
  }

  /** Whether null is a value in its own right here (custom resources' {@code nullable: true}). */
  default boolean nullable() {
    return false;
  }

  /** Scalars: strings, numbers, booleans, and types with a scalar JSON form (Quantity...). */
  Schema SCALAR = () -> Kind.SCALAR;

  /** Anything: objects merge key by key with untyped values, lists are atomic. */
  Schema UNTYPED =
      new Schema() {
        @Override
        public Kind kind() {
          return Kind.UNTYPED;
        }

        @Override
        public Schema field(String name) {
          return this;
        }
      };
}
