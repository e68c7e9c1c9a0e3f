package io.kubeloop.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merging objects, as kube's {@code mergeMap} does with the server's options ({@code
 * MergeParallelList} and {@code IgnoreUnmatchedNulls}): the {@code $patch}, {@code $retainKeys},
 * {@code $setElementOrder/<list>} and {@code $deleteFromPrimitiveList/<list>} directives, {@code
 * null} deleting a key, new values taken from the patch without their nulls and {@code $patch}
 * maps, and objects and lists present on both sides merged by their field's strategy.
 *
 * <p>Works on trees it owns and changes both arguments, as kube does; stateless.
 */
final class StrategicMergeMaps {

  static final String DIRECTIVE = "$patch";
  static final String RETAIN_KEYS = "$retainKeys";
  static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
  static final String SET_ELEMENT_ORDER = "$setElementOrder";

  private StrategicMergeMaps() {}

  /** Whether a directive value is the string {@code value} (Go compares the interface value). */
  static boolean is(JsonNode directive, String value) {
    return directive.isTextual() && directive.textValue().equals(value);
  }

  /**
   * {@code mergeMap}: merges {@code patch} into {@code original} and returns the result, which is
   * {@code original} changed in place unless the patch replaces or deletes the whole map.
   */
  static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, StrategicMergeSchema schema) {
    JsonNode directive = patch.get(DIRECTIVE);
    if (directive != null) {
      if (is(directive, "replace")) {
        patch.remove(DIRECTIVE);
        return patch; // as given: nested directives and nulls stay, as in kube
      }
      if (is(directive, "delete")) {
        return JsonTrees.MAPPER.createObjectNode();
      }
      throw StrategicMergeErrors.badPatchType(directive, patch);
    }
    applyRetainKeys(original, patch);
    mergeOrderedLists(original, patch, schema);
    for (Map.Entry<String, JsonNode> entry : GoValues.entries(patch)) {
      String key = entry.getKey();
      JsonNode patchValue = entry.getValue();
      boolean isDeleteList = false;
      if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        String listKey = extractKey(key, DELETE_FROM_PRIMITIVE_LIST);
        isDeleteList = true;
        if (!listKey.isEmpty()) {
          key = listKey;
        }
      }
      if (patchValue.isNull()) {
        original.remove(key);
        continue;
      }
      JsonNode originalValue = original.get(key);
      if (originalValue == null || GoValues.typeOf(originalValue) != GoValues.typeOf(patchValue)) {
        if (!isDeleteList) {
          putNewValue(original, key, patchValue);
        }
        continue;
      }
      if (originalValue.isObject()) {
        StrategicMergeSchema.Field field = schema.lookupForStruct(key);
        original.set(
            key,
            field.tags().patchStrategy().equals("replace")
                ? patchValue
                : mergeMap((ObjectNode) originalValue, (ObjectNode) patchValue, field.schema()));
      } else if (originalValue.isArray()) {
        StrategicMergeSchema.Field field = schema.lookupForSlice(key);
        original.set(
            key,
            StrategicMergeLists.mergeSliceHandler(
                (ArrayNode) originalValue, (ArrayNode) patchValue, field, isDeleteList, null));
      } else {
        original.set(key, patchValue);
      }
    }
    return original;
  }

  /**
   * A value the original does not have (or has with another type) is taken from the patch without
   * its nulls and without the maps that carry a {@code $patch} directive; a {@code $patch} map
   * itself deletes the key.
   */
  private static void putNewValue(ObjectNode original, String key, JsonNode patchValue) {
    discardNulls(patchValue);
    if (isDirectiveMap(patchValue)) {
      original.remove(key);
    } else {
      removeDirectives(patchValue);
      original.set(key, patchValue);
    }
  }

  private static boolean isDirectiveMap(JsonNode node) {
    return node.isObject() && node.has(DIRECTIVE);
  }

  /**
   * {@code discardNullValuesFromPatch}: removes null members at every depth (not list elements).
   */
  private static void discardNulls(JsonNode root) {
    List<JsonNode> work = new ArrayList<>();
    work.add(root);
    while (!work.isEmpty()) {
      JsonNode node = work.remove(work.size() - 1);
      if (node.isObject()) {
        List<String> nulls = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          if (e.getValue().isNull()) {
            nulls.add(e.getKey());
          } else if (e.getValue().isContainerNode()) {
            work.add(e.getValue());
          }
        }
        ((ObjectNode) node).remove(nulls);
      } else if (node.isArray()) {
        for (JsonNode child : node) {
          if (child.isContainerNode()) {
            work.add(child);
          }
        }
      }
    }
  }

  /**
   * {@code removeDirectives} below the root: drops every member and list element that is a map with
   * a {@code $patch} key. Iterative, so deep values cannot overflow the stack.
   */
  private static void removeDirectives(JsonNode root) {
    List<JsonNode> work = new ArrayList<>();
    work.add(root);
    while (!work.isEmpty()) {
      JsonNode node = work.remove(work.size() - 1);
      if (node.isObject()) {
        List<String> drop = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          if (isDirectiveMap(e.getValue())) {
            drop.add(e.getKey());
          } else if (e.getValue().isContainerNode()) {
            work.add(e.getValue());
          }
        }
        ((ObjectNode) node).remove(drop);
      } else if (node.isArray()) {
        ArrayNode array = (ArrayNode) node;
        for (int i = array.size() - 1; i >= 0; i--) {
          if (isDirectiveMap(array.get(i))) {
            array.remove(i);
          } else if (array.get(i).isContainerNode()) {
            work.add(array.get(i));
          }
        }
      }
    }
  }

  /**
   * {@code applyRetainKeysDirective}: {@code $retainKeys} lists the keys the result may keep; every
   * other key of the original goes, and the patch may only set listed keys.
   */
  private static void applyRetainKeys(ObjectNode original, ObjectNode patch) {
    JsonNode retain = patch.remove(RETAIN_KEYS);
    if (retain == null) {
      return;
    }
    if (!retain.isArray()) {
      throw StrategicMergeErrors.badRequest(StrategicMergeErrors.BAD_RETAIN_KEYS);
    }
    Set<GoValues.Key> keep = new HashSet<>();
    for (JsonNode v : retain) {
      keep.add(GoValues.hashKey(v));
    }
    for (Map.Entry<String, JsonNode> e : patch.properties()) {
      String key = e.getKey();
      if (e.getValue().isNull()
          || key.startsWith(DELETE_FROM_PRIMITIVE_LIST)
          || key.startsWith(SET_ELEMENT_ORDER)) {
        continue;
      }
      if (!keep.contains(stringKey(key))) {
        throw StrategicMergeErrors.badRequest(StrategicMergeErrors.BAD_RETAIN_KEYS);
      }
    }
    List<String> drop = new ArrayList<>();
    original.fieldNames().forEachRemaining(k -> drop.add(k));
    drop.removeIf(k -> keep.contains(stringKey(k)));
    original.remove(drop);
  }

  private static GoValues.Key stringKey(String s) {
    return new GoValues.Key(GoValues.Type.STRING, s);
  }

  /**
   * {@code mergePatchIntoOriginal}: for each {@code $setElementOrder/<list>}, merges the list (if
   * the patch has it) and orders the result: {@code $setElementOrder} first, then the patch, then
   * the server's order.
   */
  private static void mergeOrderedLists(
      ObjectNode original, ObjectNode patch, StrategicMergeSchema schema) {
    for (Map.Entry<String, JsonNode> entry : GoValues.entries(patch)) {
      String key = entry.getKey();
      if (!key.startsWith(SET_ELEMENT_ORDER)) {
        continue;
      }
      JsonNode order = entry.getValue();
      patch.remove(key);
      if (!order.isArray()) {
        throw StrategicMergeErrors.badArgType(GoValues.Type.SLICE, order);
      }
      String listKey = extractKey(key, SET_ELEMENT_ORDER);
      JsonNode originalList = original.get(listKey);
      JsonNode patchList = patch.get(listKey);
      if (originalList != null && !originalList.isArray()) {
        throw StrategicMergeErrors.badArgType(GoValues.Type.SLICE, originalList);
      }
      if (patchList != null && !patchList.isArray()) {
        throw StrategicMergeErrors.badArgType(GoValues.Type.SLICE, patchList);
      }
      StrategicMergeSchema.Field field = schema.lookupForSlice(listKey);
      String mergeKey = field.tags().mergeKey();
      List<JsonNode> orderItems = StrategicMergeLists.items((ArrayNode) order);
      validateOrder((ArrayNode) patchList, orderItems, mergeKey);
      List<JsonNode> merged;
      // What kube's slice of the original list reads after merging: the server's order below.
      List<JsonNode> serverOrder = StrategicMergeLists.items((ArrayNode) originalList);
      if (originalList != null && patchList == null) {
        merged = StrategicMergeLists.items((ArrayNode) originalList);
      } else if (originalList == null && patchList != null) {
        // A new list without the $patch maps; the patch list keeps them for the type check below.
        ArrayNode added = JsonTrees.MAPPER.createArrayNode().addAll((ArrayNode) patchList);
        removeDirectives(added);
        merged = StrategicMergeLists.items(added);
      } else if (originalList != null) {
        List<JsonNode> view = new ArrayList<>();
        merged =
            StrategicMergeLists.items(
                StrategicMergeLists.mergeSliceHandler(
                    (ArrayNode) originalList, (ArrayNode) patchList, field, false, view));
        serverOrder = view;
      } else {
        continue;
      }
      StrategicMergeOrder.Partition partition =
          mergeKey.isEmpty()
              ? StrategicMergeOrder.partitionPrimitives(merged, orderItems)
              : StrategicMergeOrder.partitionMaps(merged, orderItems, mergeKey);
      List<ArrayNode> sides = new ArrayList<>(2);
      sides.add((ArrayNode) originalList);
      sides.add((ArrayNode) patchList);
      GoValues.Type kind = StrategicMergeLists.sliceElementType(sides);
      original.set(
          listKey,
          StrategicMergeOrder.normalizeElementOrder(
              partition.in(), partition.out(), orderItems, serverOrder, mergeKey, kind));
      patch.remove(listKey);
    }
  }

  /**
   * {@code validatePatchWithSetOrderList}: the patch's items (deletions and directives aside) must
   * appear in the {@code $setElementOrder} list, in the same order.
   */
  private static void validateOrder(ArrayNode patchList, List<JsonNode> order, String mergeKey) {
    if (order.isEmpty() || patchList == null || patchList.isEmpty()) {
      return;
    }
    List<JsonNode> items = new ArrayList<>(patchList.size());
    for (JsonNode v : patchList) {
      if (!mergeKey.isEmpty()) {
        if (!v.isObject()) {
          throw StrategicMergeErrors.badArgType(GoValues.Type.MAP, v);
        }
        JsonNode directive = v.get(DIRECTIVE);
        if (directive != null && is(directive, "delete")) {
          continue;
        }
      }
      items.add(v);
    }
    int p = 0;
    int o = 0;
    while (p < items.size() && o < order.size()) {
      if (isDirectiveMap(items.get(p))) {
        p++;
        continue;
      }
      if (mergeKeyValueEqual(items.get(p), order.get(o), mergeKey)) {
        p++;
      }
      o++;
    }
    if (p < items.size() && o >= order.size()) {
      throw StrategicMergeErrors.failed(
          "The order in patch list:\n"
              + GoValues.v(patchList)
              + "\n doesn't match "
              + SET_ELEMENT_ORDER
              + " list:\n"
              + GoValues.v(JsonTrees.MAPPER.createArrayNode().addAll(order))
              + "\n");
    }
  }

  /** {@code mergeKeyValueEqual}. */
  private static boolean mergeKeyValueEqual(JsonNode left, JsonNode right, String mergeKey) {
    if (mergeKey.isEmpty()) {
      return GoValues.equal(left, right);
    }
    if (!left.isObject()) {
      throw StrategicMergeErrors.badArgType(GoValues.Type.MAP, left);
    }
    if (!right.isObject()) {
      throw StrategicMergeErrors.badArgType(GoValues.Type.MAP, right);
    }
    JsonNode l = left.get(mergeKey);
    if (l == null) {
      throw StrategicMergeErrors.noMergeKey(left, mergeKey);
    }
    JsonNode r = right.get(mergeKey);
    if (r == null) {
      throw StrategicMergeErrors.noMergeKey(right, mergeKey);
    }
    return GoValues.equal(l, r);
  }

  /** {@code extractKey}: {@code $setElementOrder/containers} gives {@code containers}. */
  private static String extractKey(String key, String prefix) {
    int slash = key.indexOf('/');
    if (slash < 0 || !key.substring(0, slash).equals(prefix)) {
      throw StrategicMergeErrors.badRequest(
          prefix.equals(DELETE_FROM_PRIMITIVE_LIST)
              ? StrategicMergeErrors.BAD_PRIMITIVE_LIST
              : StrategicMergeErrors.BAD_SET_ELEMENT_ORDER);
    }
    return key.substring(slash + 1);
  }
}
