package io.kubeloop.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Structural defaulting ({@code defaulting.Default}): top-down, an absent property (or a {@code
 * null} one whose schema is not nullable) gets a deep copy of its schema's {@code default}, then
 * defaulting continues inside every value, including the ones just defaulted, array items and
 * additionalProperties values. Mutates the tree in place.
 *
 * <p>Stateless and thread-safe (the tree passed in must not be shared while it is defaulted).
 */
final class Defaulter {

  private Defaulter() {}

  static void apply(JsonNode x, SchemaNode s) {
    if (s == null) {
      return;
    }
    if (x instanceof ObjectNode o) {
      for (Map.Entry<String, SchemaNode> e : s.properties.entrySet()) {
        SchemaNode prop = e.getValue();
        if (prop.defaultValue == null) {
          continue;
        }
        JsonNode current = o.get(e.getKey());
        if (current == null || (current.isNull() && !prop.nullable)) {
          o.set(e.getKey(), prop.defaultValue.deepCopy());
        }
      }
      List<String> keys = new ArrayList<>();
      o.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        SchemaNode prop = s.properties.get(k);
        if (prop != null) {
          apply(o.get(k), prop);
        } else if (s.hasAdditionalProperties && s.additionalProperties != null) {
          SchemaNode ap = s.additionalProperties;
          if (o.get(k).isNull() && !ap.nullable && ap.defaultValue != null) {
            o.set(k, ap.defaultValue.deepCopy());
          }
          apply(o.get(k), ap);
        }
      }
    } else if (x instanceof ArrayNode a) {
      SchemaNode items = s.items;
      if (items == null) {
        return;
      }
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).isNull() && !items.nullable && items.defaultValue != null) {
          a.set(i, items.defaultValue.deepCopy());
        }
        apply(a.get(i), items);
      }
    }
  }
}
