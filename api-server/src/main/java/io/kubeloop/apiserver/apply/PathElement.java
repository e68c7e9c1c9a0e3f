package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One step of a field path, as structured-merge-diff names it: a field of a map or struct ({@code
 * f:name}, printed {@code .name}), the item of a keyed list ({@code k:{"name":"nginx"}}, printed
 * {@code [name="nginx"]}), the item of a set ({@code v:"x"}, printed {@code [="x"]}) or the item of
 * an atomic list by index ({@code i:0}, printed {@code [0]}).
 *
 * <p>Elements order as structured-merge-diff orders them: fields, then keys, then values, then
 * indexes; FieldsV1 documents are written in that order. Immutable; thread-safe.
 */
sealed interface PathElement extends Comparable<PathElement>
    permits PathElement.Field, PathElement.Key, PathElement.Value, PathElement.Index {

  /** The FieldsV1 form, e.g. {@code f:spec}. */
  String serialize();

  /**
   * A named field of a map or struct. Schemas hand out one instance per declared field, whose
   * serialized form is then computed once.
   */
  final class Field implements PathElement {

    private final String name;
    private String serialized; // benign race: always the same value

    Field(String name) {
      this.name = java.util.Objects.requireNonNull(name);
    }

    String name() {
      return name;
    }

    @Override
    public String serialize() {
      String s = serialized;
      if (s == null) {
        s = "f:".concat(name);
        serialized = s;
      }
      return s;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Field f && f.name.equals(name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    @Override
    public String toString() {
      return "." + name;
    }
  }

  /**
   * The item of an associative list whose key fields have these values.
   *
   * @param fields the key fields, sorted by name
   * @param json the canonical JSON of the key fields, their identity
   */
  record Key(List<KeyField> fields, String json) implements PathElement {

    /** One key field of a list item. */
    record KeyField(String name, JsonNode value) {}

    static Key of(List<KeyField> fields) {
      List<KeyField> sorted = new ArrayList<>(fields);
      sorted.sort((a, b) -> Values.compareStrings(a.name(), b.name()));
      StringBuilder json = new StringBuilder("{");
      for (int i = 0; i < sorted.size(); i++) {
        if (i > 0) {
          json.append(',');
        }
        Values.quote(sorted.get(i).name(), json);
        json.append(':');
        Values.writeCanonical(sorted.get(i).value(), json);
      }
      json.append('}');
      return new Key(Collections.unmodifiableList(sorted), json.toString());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.json.equals(json);
    }

    @Override
    public int hashCode() {
      return json.hashCode();
    }

    @Override
    public String serialize() {
      return "k:" + json;
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(fields.get(i).name()).append('=').append(Values.goString(fields.get(i).value()));
      }
      return out.append(']').toString();
    }
  }

  /** The item of a set (an associative list of scalars). */
  record Value(JsonNode value, String json) implements PathElement {

    static Value of(JsonNode value) {
      return new Value(value, Values.canonical(value));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Value v && v.json.equals(json);
    }

    @Override
    public int hashCode() {
      return json.hashCode();
    }

    @Override
    public String serialize() {
      return "v:" + json;
    }

    @Override
    public String toString() {
      return "[=" + Values.goString(value) + "]";
    }
  }

  /** The item of an atomic list by position. */
  record Index(int index) implements PathElement {
    @Override
    public String serialize() {
      return "i:" + index;
    }

    @Override
    public String toString() {
      return "[" + index + "]";
    }
  }

  @Override
  default int compareTo(PathElement other) {
    if (this instanceof Field a && other instanceof Field b) {
      return Values.compareStrings(a.name(), b.name()); // by far the most common case
    }
    int ra = rank(this);
    int rb = rank(other);
    if (ra != rb) {
      return Integer.compare(ra, rb);
    }
    return switch (this) {
      case Field f -> Values.compareStrings(f.name(), ((Field) other).name());
      case Key k -> compareKeys(k.fields(), ((Key) other).fields());
      case Value v -> Values.compare(v.value(), ((Value) other).value());
      case Index i -> Integer.compare(i.index(), ((Index) other).index());
    };
  }

  private static int rank(PathElement e) {
    return switch (e) {
      case Field f -> 0;
      case Key k -> 1;
      case Value v -> 2;
      case Index i -> 3;
    };
  }

  private static int compareKeys(List<Key.KeyField> a, List<Key.KeyField> b) {
    for (int i = 0; ; i++) {
      if (i >= a.size() || i >= b.size()) {
        return Integer.compare(a.size(), b.size());
      }
      int c = Values.compareStrings(a.get(i).name(), b.get(i).name());
      if (c != 0) {
        return c;
      }
      c = Values.compare(a.get(i).value(), b.get(i).value());
      if (c != 0) {
        return c;
      }
    }
  }

  /**
   * Parses the FieldsV1 form of an element.
   *
   * @return the element, or null for a prefix this version does not know (dropped, as kube drops
   *     them)
   * @throws IllegalArgumentException when the element is malformed
   */
  static PathElement parse(String text) {
    if (text.length() < 2 || text.charAt(1) != ':') {
      return null;
    }
    String rest = text.substring(2);
    switch (text.charAt(0)) {
      case 'f':
        return new Field(rest);
      case 'i':
        try {
          return new Index(Integer.parseInt(rest));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("invalid index in path element " + text);
        }
      case 'v':
        return Value.of(readJson(rest, text));
      case 'k':
        JsonNode key = readJson(rest, text);
        if (!(key instanceof ObjectNode object)) {
          throw new IllegalArgumentException("key of path element " + text + " is not an object");
        }
        List<Key.KeyField> fields = new ArrayList<>();
        object.properties().forEach(e -> fields.add(new Key.KeyField(e.getKey(), e.getValue())));
        return Key.of(fields);
      default:
        return null;
    }
  }

  private static JsonNode readJson(String json, String element) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid JSON in path element " + element, e);
    }
  }

  /** A path as kube prints it: {@code .spec.containers[name="nginx"].image}. */
  static String toString(List<PathElement> path) {
    StringBuilder out = new StringBuilder();
    for (PathElement e : path) {
      out.append(e);
    }
    return out.toString();
  }
}
