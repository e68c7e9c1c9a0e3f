package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * structured-merge-diff's {@code RemoveItems}: the value without the fields, map keys and list
 * items that are members of a set (with everything below them). Atomic values are not entered. A
 * map or list left with nothing becomes null, which the caller drops where null means "unset".
 *
 * <p>The result may share subtrees with the input. Stateless; thread-safe.
 */
final class Remover {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Remover() {}

  static JsonNode remove(JsonNode value, FieldSet items, Schema schema) {
    if (items.isEmpty() || value == null) {
      return value;
    }
    return switch (Shapes.of(schema, value)) {
      case MAP ->
          value.isObject() && !value.isEmpty() ? removeFromMap(value, items, schema) : value;
      case LIST ->
          value.isArray() && !value.isEmpty() ? removeFromList(value, items, schema) : value;
      case LEAF -> value;
    };
  }

  private static JsonNode removeFromMap(JsonNode map, FieldSet items, Schema schema) {
    ObjectNode out = NODES.objectNode();
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      PathElement element = schema.element(e.getKey());
      if (items.hasMember(element)) {
        continue;
      }
      FieldSet below = items.child(element);
      JsonNode value = e.getValue();
      if (below != null) {
        value = remove(value, below, Shapes.child(schema, element));
      }
      out.set(e.getKey(), value);
    }
    return out.isEmpty() ? NullNode.getInstance() : out;
  }

  private static JsonNode removeFromList(JsonNode list, FieldSet items, Schema schema) {
    ArrayNode out = NODES.arrayNode();
    for (int i = 0; i < list.size(); i++) {
      JsonNode item = list.get(i);
      PathElement element;
      try {
        element = ListItems.element(schema, i, item);
      } catch (ListItems.Unnamed e) {
        element = new PathElement.Index(i);
      }
      if (items.hasMember(element)) {
        continue;
      }
      FieldSet below = items.child(element);
      out.add(below == null ? item : remove(item, below, schema.items()));
    }
    return out.isEmpty() ? NullNode.getInstance() : out;
  }
}
