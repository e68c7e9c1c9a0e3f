package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drops the nulls an apply put into typed fields: a configuration's {@code field: null} and what
 * pruning emptied. kube decodes the applied object into Go types (or prunes non-nullable nulls of
 * custom resources), which turns such nulls into "unset". Nulls the live object already had, nulls
 * in untyped places and nullable fields of custom resources stay.
 *
 * <p>Stateless; thread-safe.
 */
final class Nulls {

  private Nulls() {}

  /** Removes, in place, the null map entries of {@code object} that {@code live} did not have. */
  static void dropNew(JsonNode object, JsonNode live, Schema schema) {
    switch (Shapes.of(schema, object)) {
      case MAP -> dropInMap(object, live, schema);
      case LIST -> {
        Map<PathElement, JsonNode> before = ListItems.index(schema, live);
        Map<PathElement, JsonNode> after = ListItems.index(schema, object);
        after.forEach((e, item) -> dropNew(item, before.get(e), schema.items()));
      }
      case LEAF -> {}
    }
  }

  private static void dropInMap(JsonNode object, JsonNode live, Schema schema) {
    if (!(object instanceof ObjectNode map)) {
      return;
    }
    List<String> drop = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      Schema field = schema.field(e.getKey());
      JsonNode before = live == null || !live.isObject() ? null : live.get(e.getKey());
      if (e.getValue().isNull()) {
        boolean keep =
            field == null
                || field.kind() == Schema.Kind.UNTYPED
                || field.nullable()
                || (before != null && before.isNull());
        if (!keep) {
          drop.add(e.getKey());
        }
      } else if (field != null) {
        dropNew(e.getValue(), before, field);
      }
    }
    drop.forEach(map::remove);
  }
}
