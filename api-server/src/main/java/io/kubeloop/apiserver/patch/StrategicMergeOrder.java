package io.kubeloop.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The order kube gives a merged list ({@code normalizeElementOrder}): the items the patch (or its
 * {@code $setElementOrder}) names, in that order, interleaved with the server's other items in the
 * server's order — a server item goes before the next patch item only if both are in the server's
 * list and it comes first there. So new items the patch leads with come first, and server items the
 * order list leaves out come before the ordered ones they preceded on the server. Stateless.
 */
final class StrategicMergeOrder {

  private StrategicMergeOrder() {}

  /** Items found in a list ({@code in}) and the others, each in their original order. */
  record Partition(List<JsonNode> in, List<JsonNode> out) {}

  /** {@code partitionPrimitivesByPresentInList}: items in {@code partitionBy}, then the others. */
  static Partition partitionPrimitives(List<JsonNode> items, List<JsonNode> partitionBy) {
    Set<GoValues.Key> in = new HashSet<>();
    for (JsonNode v : partitionBy) {
      in.add(GoValues.hashKey(v));
    }
    List<JsonNode> inside = new ArrayList<>();
    List<JsonNode> outside = new ArrayList<>();
    for (JsonNode v : items) {
      (in.contains(GoValues.hashKey(v)) ? inside : outside).add(v);
    }
    return new Partition(inside, outside);
  }

  /**
   * {@code partitionMapsByPresentInList}: maps whose merge key value is in {@code partitionBy},
   * then the others; every map must have the key.
   */
  static Partition partitionMaps(
      List<JsonNode> items, List<JsonNode> partitionBy, String mergeKey) {
    GoIndex index = GoIndex.byMergeKey(partitionBy, mergeKey);
    List<JsonNode> inside = new ArrayList<>();
    List<JsonNode> outside = new ArrayList<>();
    for (JsonNode v : items) {
      if (!v.isObject()) {
        throw StrategicMergeErrors.badArgType(GoValues.Type.MAP, v);
      }
      JsonNode value = v.get(mergeKey);
      if (value == null) {
        throw StrategicMergeErrors.noMergeKey(v, mergeKey);
      }
      (index.findMap(value) >= 0 ? inside : outside).add(v);
    }
    return new Partition(inside, outside);
  }

  /**
   * {@code normalizeElementOrder}: sorts the patch items by {@code patchOrder} and the server-only
   * items by {@code serverOrder}, then interleaves them, keeping both relative orders.
   */
  static ArrayNode normalizeElementOrder(
      List<JsonNode> patch,
      List<JsonNode> serverOnly,
      List<JsonNode> patchOrder,
      List<JsonNode> serverOrder,
      String mergeKey,
      GoValues.Type kind) {
    List<JsonNode> sortedPatch = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
    List<JsonNode> sortedServer = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
    return mergeSortedSlice(sortedServer, sortedPatch, serverOrder, mergeKey, kind);
  }

  /** {@code normalizeSliceOrder}: sorts {@code toSort} by {@code order}; deletions go last. */
  private static List<JsonNode> normalizeSliceOrder(
      List<JsonNode> toSort, List<JsonNode> order, String mergeKey, GoValues.Type kind) {
    List<JsonNode> sorted = new ArrayList<>(toSort.size());
    List<JsonNode> deletions = new ArrayList<>();
    if (kind == GoValues.Type.MAP) {
      validateMergeKey(mergeKey, toSort);
      validateMergeKey(mergeKey, order);
      for (JsonNode v : toSort) {
        JsonNode directive = v.get(StrategicMergeMaps.DIRECTIVE);
        (directive != null && StrategicMergeMaps.is(directive, "delete") ? deletions : sorted)
            .add(v);
      }
    } else {
      sorted.addAll(toSort);
    }
    if (sorted.size() > 1) {
      // Each item's place in the order list does not change while sorting: look it up once.
      GoIndex index = GoIndex.byValue(order, mergeKey, kind);
      JsonNode[] items = sorted.toArray(new JsonNode[0]);
      int[] places = new int[items.length];
      for (int i = 0; i < items.length; i++) {
        places[i] = index.indexOf(items[i]);
      }
      GoStableSort.sort(
          items.length,
          // kube's comparator, true also when an item is not in the order list
          (i, j) -> places[i] < 0 || places[j] < 0 || places[i] < places[j],
          (i, j) -> {
            JsonNode item = items[i];
            items[i] = items[j];
            items[j] = item;
            int place = places[i];
            places[i] = places[j];
            places[j] = place;
          });
      sorted = new ArrayList<>(List.of(items));
    }
    sorted.addAll(deletions);
    return sorted;
  }

  /** {@code validateMergeKeyInLists}: every item is a map with the merge key. */
  private static void validateMergeKey(String mergeKey, List<JsonNode> items) {
    for (JsonNode item : items) {
      if (!item.isObject()) {
        throw StrategicMergeErrors.badArgType(GoValues.Type.MAP, item);
      }
      if (!item.has(mergeKey)) {
        throw StrategicMergeErrors.noMergeKey(item, mergeKey);
      }
    }
  }

  /**
   * {@code mergeSortedSlice}: takes a server item before the next patch item only when both are in
   * the server's list and the server item comes first there.
   */
  private static ArrayNode mergeSortedSlice(
      List<JsonNode> left,
      List<JsonNode> right,
      List<JsonNode> serverOrder,
      String mergeKey,
      GoValues.Type kind) {
    GoIndex index = GoIndex.byValue(serverOrder, mergeKey, kind);
    ArrayNode result = JsonTrees.MAPPER.createArrayNode();
    int i = 0;
    int j = 0;
    while (i < left.size() && j < right.size()) {
      int li = index.indexOf(left.get(i));
      int ri = index.indexOf(right.get(j));
      if (li >= 0 && ri >= 0 && li < ri) {
        result.add(left.get(i++));
      } else {
        result.add(right.get(j++));
      }
    }
    while (i < left.size()) {
      result.add(left.get(i++));
    }
    while (j < right.size()) {
      result.add(right.get(j++));
    }
    return result;
  }
}
