package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How list items are named in field paths: by index in atomic lists, by value in sets, by their key
 * fields in map lists — with structured-merge-diff's errors, word for word, for items that cannot
 * be named.
 *
 * <p>Stateless; thread-safe.
 */
final class ListItems {

  /** An item that cannot be named; the message is structured-merge-diff's. */
  static final class Unnamed extends Exception {
    private static final long serialVersionUID = 1L;

    Unnamed(String message) {
      super(message, null, false, false);
    }
  }

  private ListItems() {}

  /** The effective list type: untyped lists and lists of the wrong shape are atomic. */
  static Schema.ListType type(Schema list) {
    return list.kind() == Schema.Kind.LIST ? list.listType() : Schema.ListType.ATOMIC;
  }

  /** The path element of item {@code index} of a list with schema {@code list}. */
  static PathElement element(Schema list, int index, JsonNode item) throws Unnamed {
    return switch (type(list)) {
      case ATOMIC -> new PathElement.Index(index);
      case MAP -> key(list, item);
      case SET -> value(item);
    };
  }

  private static PathElement key(Schema list, JsonNode item) throws Unnamed {
    if (item.isNull()) {
      throw new Unnamed("associative list with keys may not have a null element");
    }
    if (!item.isObject()) {
      throw new Unnamed("associative list with keys may not have non-map elements");
    }
    List<PathElement.Key.KeyField> fields = new ArrayList<>(list.keys().size());
    for (String name : list.keys()) {
      JsonNode value = item.get(name);
      if (value == null || value.isNull()) {
        value = list.keyDefault(name);
      }
      if (value == null) {
        throw new Unnamed(
            "associative list with keys has an element that omits key field \""
                + name
                + "\" (and doesn't have default value)");
      }
      fields.add(new PathElement.Key.KeyField(name, value));
    }
    return PathElement.Key.of(fields);
  }

  private static PathElement value(JsonNode item) throws Unnamed {
    if (item.isObject()) {
      throw new Unnamed("associative list without keys has an element that's a map type");
    }
    if (item.isArray()) {
      throw new Unnamed("not supported: associative list with lists as elements");
    }
    if (item.isNull()) {
      throw new Unnamed("associative list without keys has an element that's an explicit null");
    }
    return PathElement.Value.of(item);
  }

  /**
   * The items of a list by path element, in list order; a repeated element keeps its first item.
   * Items that cannot be named fall back to their index, so that a live object that is not quite
   * valid can still be compared.
   */
  static Map<PathElement, JsonNode> index(Schema list, JsonNode items) {
    Map<PathElement, JsonNode> out = new LinkedHashMap<>();
    if (items == null || !items.isArray()) {
      return out;
    }
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      PathElement element;
      try {
        element = element(list, i, item);
      } catch (Unnamed e) {
        element = new PathElement.Index(i);
      }
      out.putIfAbsent(element, item);
    }
    return out;
  }
}
