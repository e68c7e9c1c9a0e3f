package io.kubeloop.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code listtype.ValidateListSetsAndMaps}: items of {@code x-kubernetes-list-type: set} arrays
 * must be unique, keys of {@code map} arrays must be unique (an absent key counts as a value of its
 * own), and map-list items must be objects. Duplicates are reported at the second occurrence with
 * kube's {@code %#v} rendering, e.g. {@code spec.ports[1]: Duplicate value: map[string]interface
 * {}{"name":"a"}}.
 *
 * <p>Stateless and thread-safe.
 */
final class ListTypes {

  private ListTypes() {}

  static List<FieldError> validate(String path, SchemaNode s, JsonNode obj) {
    List<FieldError> errs = new ArrayList<>();
    validateObject(path, s, obj, errs);
    return errs;
  }

  private static void validateObject(
      String path, SchemaNode s, JsonNode obj, List<FieldError> errs) {
    if (s == null || obj == null || !obj.isObject()) {
      return;
    }
    if (s.additionalProperties != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        validateValue(Paths.key(path, e.getKey()), s.additionalProperties, e.getValue(), errs);
      }
    }
    if (!s.properties.isEmpty()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        SchemaNode sub = s.properties.get(e.getKey());
        if (sub != null) {
          validateValue(Paths.child(path, e.getKey()), sub, e.getValue(), errs);
        }
      }
    }
  }

  private static void validateValue(String path, SchemaNode s, JsonNode v, List<FieldError> errs) {
    if (v.isArray()) {
      validateArray(path, s, v, errs);
    } else if (v.isObject()) {
      validateObject(path, s, v, errs);
    }
  }

  private static void validateArray(
      String path, SchemaNode s, JsonNode arr, List<FieldError> errs) {
    if ("set".equals(s.listType)) {
      List<JsonNode> items = new ArrayList<>();
      arr.forEach(items::add);
      for (int i : nonUnique(items)) {
        errs.add(FieldError.duplicate(Paths.index(path, i), GoFormat.badValue(arr.get(i))));
      }
    } else if ("map".equals(s.listType)) {
      validateListMap(path, s, arr, errs);
    }
    if (s.items != null) {
      for (int i = 0; i < arr.size(); i++) {
        validateValue(Paths.index(path, i), s.items, arr.get(i), errs);
      }
    }
  }

  /** Indexes of the second occurrence of every repeated value (reported once per value). */
  private static List<Integer> nonUnique(List<JsonNode> items) {
    List<Integer> out = new ArrayList<>();
    if (items.size() <= 1) {
      return out;
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode x = items.get(i);
      String key = identity(x);
      int times = seen.merge(key, 1, Integer::sum);
      if (times == 2) {
        out.add(i);
      }
    }
    return out;
  }

  private static String identity(JsonNode x) {
    if (x == null) {
      return "u:"; // unspecified key
    }
    JsonKind kind = JsonKind.of(x);
    return switch (kind) {
      case OBJECT, ARRAY -> "c:" + JsonText.marshal(x);
      case NULL -> "n:";
      case NUMBER -> "f:" + x.doubleValue();
      default -> kind.name() + ":" + x.asText();
    };
  }

  private static void validateListMap(
      String path, SchemaNode s, JsonNode arr, List<FieldError> errs) {
    for (int i = 0; i < arr.size(); i++) {
      JsonNode x = arr.get(i);
      if (!x.isNull() && !x.isObject()) {
        errs.add(
            FieldError.invalid(
                Paths.index(path, i),
                GoFormat.badValue(x),
                "must be an object for an array of list-type map"));
        return;
      }
    }
    if (arr.size() <= 1) {
      return;
    }
    List<JsonNode> keys = new ArrayList<>();
    for (JsonNode x : arr) {
      ObjectNode key = JsonNodeFactory.instance.objectNode();
      if (x.isObject()) {
        for (String k : s.listMapKeys) {
          if (x.has(k)) {
            key.set(k, x.get(k));
          }
        }
      }
      keys.add(key);
    }
    for (int i : nonUnique(keys)) {
      errs.add(
          FieldError.duplicate(
              Paths.index(path, i), new GoFormat.Rendered(GoFormat.sharpV(keys.get(i)))));
    }
  }
}
