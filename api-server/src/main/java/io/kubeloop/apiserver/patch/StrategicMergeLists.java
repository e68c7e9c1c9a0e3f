package io.kubeloop.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merging lists, as kube's {@code mergeSliceHandler} and {@code mergeSlice} do: lists whose field
 * has the {@code merge} strategy merge their maps by the merge key (with the {@code $patch: delete}
 * and {@code $patch: replace} elements) or take the union of their scalars, and the result is put
 * in kube's order ({@link StrategicMergeOrder}). Other lists are replaced by the patch. Works on
 * trees it owns; stateless.
 */
final class StrategicMergeLists {

  private StrategicMergeLists() {}

  /**
   * {@code mergeSliceHandler}: merge strategy (or a deletion list) merges, anything else replaces.
   *
   * @param originalView if not null, receives what kube's original slice reads after the merge (see
   *     {@link #mergeSlice})
   */
  static ArrayNode mergeSliceHandler(
      ArrayNode original,
      ArrayNode patch,
      StrategicMergeSchema.Field field,
      boolean isDeleteList,
      List<JsonNode> originalView) {
    if (field.tags().patchStrategy().equals("merge") || isDeleteList) {
      return mergeSlice(
          original, patch, field.schema(), field.tags().mergeKey(), isDeleteList, originalView);
    }
    if (originalView != null) {
      originalView.addAll(items(original));
    }
    return patch;
  }

  /**
   * {@code mergeSlice}.
   *
   * <p>Go deletes list elements by shifting the rest left within the original slice's array, and
   * appends new elements into the room that leaves. Whoever still holds the original slice — {@code
   * $setElementOrder}'s ordering does — then reads that array: the survivors, the appended elements
   * that fit and stale copies. {@code originalView}, if not null, receives what it reads, assuming
   * the original slice had no spare capacity (the API server converts objects into exactly sized
   * slices). kube's own tests depend on this.
   */
  static ArrayNode mergeSlice(
      ArrayNode original,
      ArrayNode patch,
      StrategicMergeSchema element,
      String mergeKey,
      boolean isDeleteList,
      List<JsonNode> originalView) {
    if (original.isEmpty() && patch.isEmpty()) {
      return original;
    }
    GoValues.Type kind = sliceElementType(List.of(original, patch));
    List<JsonNode> originalItems = items(original);
    List<JsonNode> patchItems = items(patch);
    List<JsonNode> merged;
    if (kind != GoValues.Type.MAP) {
      if (originalView != null) {
        originalView.addAll(originalItems);
      }
      if (isDeleteList) {
        return deleteFromSlice(originalItems, patchItems);
      }
      merged = deduplicate(originalItems, patchItems);
    } else {
      if (mergeKey.isEmpty()) {
        throw StrategicMergeErrors.failed(
            "cannot merge lists without merge key for " + element.name());
      }
      Lists special = withSpecialElements(originalItems, patchItems, mergeKey);
      originalItems = special.original();
      patchItems = special.patch();
      merged = withoutSpecialElements(originalItems, patchItems, mergeKey, element);
      if (originalView != null) {
        List<JsonNode> view = new ArrayList<>(special.backing());
        if (!special.replaced()) {
          for (int i = originalItems.size(); i < merged.size() && i < view.size(); i++) {
            view.set(i, merged.get(i)); // appended into the room deletions left
          }
        }
        originalView.addAll(view);
      }
    }
    StrategicMergeOrder.Partition partition =
        mergeKey.isEmpty()
            ? StrategicMergeOrder.partitionPrimitives(merged, patchItems)
            : StrategicMergeOrder.partitionMaps(merged, patchItems, mergeKey);
    return StrategicMergeOrder.normalizeElementOrder(
        partition.in(), partition.out(), patchItems, originalItems, mergeKey, kind);
  }

  /**
   * A list and a patch list after the {@code $patch} elements are applied, and what Go's array of
   * the original list holds then: the survivors followed by the stale slots deletions left.
   */
  private record Lists(
      List<JsonNode> original, List<JsonNode> patch, List<JsonNode> backing, boolean replaced) {}

  /**
   * {@code mergeSliceWithSpecialElements}: applies the {@code $patch} elements of a list of maps.
   * Deletions remove every original element with the key; a {@code replace} element makes the other
   * patch elements the whole list.
   */
  private static Lists withSpecialElements(
      List<JsonNode> original, List<JsonNode> patch, String mergeKey) {
    List<JsonNode> regular = new ArrayList<>();
    List<JsonNode> deletions = new ArrayList<>();
    boolean replace = false;
    for (JsonNode item : patch) {
      JsonNode directive = item.get(StrategicMergeMaps.DIRECTIVE);
      if (directive == null) {
        regular.add(item);
      } else if (StrategicMergeMaps.is(directive, "delete")) {
        JsonNode value = item.get(mergeKey);
        if (value == null) {
          throw StrategicMergeErrors.noMergeKey(item, mergeKey);
        }
        deletions.add(value);
      } else if (StrategicMergeMaps.is(directive, "replace")) {
        replace = true; // the other $patch elements are still checked
      } else if (StrategicMergeMaps.is(directive, "merge")) {
        throw StrategicMergeErrors.failed("merging lists cannot yet be specified in the patch");
      } else {
        throw StrategicMergeErrors.badPatchType(directive, item);
      }
    }
    Deleted deleted = deleteMatchingEntries(original, deletions, mergeKey);
    if (replace) {
      return new Lists(regular, List.of(), deleted.backing(), true);
    }
    List<JsonNode> survivors = new ArrayList<>(deleted.backing().subList(0, deleted.survivors()));
    return new Lists(survivors, regular, deleted.backing(), false);
  }

  /** Go's array after deletions, of which the first {@code survivors} slots are the list. */
  private record Deleted(List<JsonNode> backing, int survivors) {}

  /**
   * {@code deleteMatchingEntries} for each deletion in turn: removes every element with that merge
   * key value, the first match first, as Go does by shifting the rest of its array left. Returns
   * the array afterwards: the survivors in order, then for each freed slot what the shift left
   * there (the list's last element at the time). O(n + deletions).
   */
  private static Deleted deleteMatchingEntries(
      List<JsonNode> original, List<JsonNode> deletions, String mergeKey) {
    List<JsonNode> backing = new ArrayList<>(original);
    if (deletions.isEmpty()) {
      return new Deleted(backing, backing.size());
    }
    GoIndex index = GoIndex.byMergeKey(original, mergeKey);
    Map<GoValues.Key, List<Integer>> positions = new HashMap<>();
    for (int i = 0; i < original.size(); i++) {
      JsonNode value = index.valueOf(original.get(i));
      GoValues.Key key = value == GoIndex.SKIP ? null : GoValues.key(value);
      if (key != null) {
        positions.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
      }
    }
    boolean[] gone = new boolean[original.size()];
    int length = original.size();
    int last = length - 1;
    for (JsonNode value : deletions) {
      index.find(value); // panics where Go would compare two maps or two slices
      GoValues.Key key = GoValues.key(value);
      for (int i : key == null ? List.<Integer>of() : positions.getOrDefault(key, List.of())) {
        if (gone[i]) {
          continue;
        }
        backing.set(length - 1, original.get(last)); // the slot the shift leaves behind
        gone[i] = true;
        length--;
        while (last >= 0 && gone[last]) {
          last--;
        }
      }
    }
    int at = 0;
    for (int i = 0; i < original.size(); i++) {
      if (!gone[i]) {
        backing.set(at++, original.get(i));
      }
    }
    return new Deleted(backing, length);
  }

  /**
   * {@code mergeSliceWithoutSpecialElements}: each patch map merges into the first original map
   * with the same merge key value, or is appended (and later patch maps may merge into it).
   */
  private static List<JsonNode> withoutSpecialElements(
      List<JsonNode> original,
      List<JsonNode> patch,
      String mergeKey,
      StrategicMergeSchema element) {
    List<JsonNode> result = new ArrayList<>(original);
    GoIndex index = GoIndex.byMergeKey(result, mergeKey);
    for (JsonNode item : patch) {
      JsonNode value = item.get(mergeKey);
      if (value == null) {
        throw StrategicMergeErrors.noMergeKey(item, mergeKey);
      }
      int at = index.findMap(value);
      if (at >= 0) {
        result.set(
            at,
            StrategicMergeMaps.mergeMap((ObjectNode) result.get(at), (ObjectNode) item, element));
      } else {
        result.add(item);
        index.add(item);
      }
    }
    return result;
  }

  /** {@code deleteFromSlice}: the original scalars that are not in the deletion list. */
  private static ArrayNode deleteFromSlice(List<JsonNode> current, List<JsonNode> toDelete) {
    Set<GoValues.Key> deleted = new HashSet<>();
    for (JsonNode v : toDelete) {
      deleted.add(GoValues.hashKey(v));
    }
    ArrayNode result = JsonTrees.MAPPER.createArrayNode();
    for (JsonNode v : current) {
      if (!deleted.contains(GoValues.hashKey(v))) {
        result.add(v);
      }
    }
    return result;
  }

  /**
   * The union of two scalar lists. kube concatenates and removes duplicates in an order of its own,
   * but the order of the result is then fully decided by {@link #normalizeElementOrder}, so the
   * first occurrences are kept here.
   */
  private static List<JsonNode> deduplicate(List<JsonNode> original, List<JsonNode> patch) {
    LinkedHashSet<GoValues.Key> seen = new LinkedHashSet<>();
    List<JsonNode> result = new ArrayList<>(original.size() + patch.size());
    for (List<JsonNode> list : List.of(original, patch)) {
      for (JsonNode v : list) {
        GoValues.Key key = GoValues.key(v);
        if (key == null) {
          throw GoPanic.uncomparable(GoValues.typeOf(v));
        }
        if (seen.add(key)) {
          result.add(v);
        }
      }
    }
    return result;
  }

  /**
   * {@code sliceElementType}: the one Go type of all elements of the lists (maps, strings, ...).
   *
   * @throws io.kubeloop.apiserver.errors.ApiException 422 for a list of lists, 500 for mixed types
   *     or no elements at all
   */
  static GoValues.Type sliceElementType(List<ArrayNode> lists) {
    GoValues.Type previous = null;
    for (ArrayNode list : lists) {
      if (list == null) {
        continue;
      }
      for (JsonNode v : list) {
        GoValues.Type current = GoValues.typeOf(v);
        if (previous == null) {
          previous = current;
          if (previous == GoValues.Type.NIL) {
            throw GoPanic.nilPointer(); // kube asks a nil reflect.Type for its kind
          }
          if (previous == GoValues.Type.SLICE) {
            throw StrategicMergeErrors.listOfLists();
          }
        } else if (previous != current) {
          throw StrategicMergeErrors.failed(
              "list element types are not identical: " + GoValues.v(lists));
        }
      }
    }
    if (previous == null) {
      throw StrategicMergeErrors.failed("no elements in any of the given slices");
    }
    return previous;
  }

  static List<JsonNode> items(ArrayNode list) {
    List<JsonNode> items = new ArrayList<>(list == null ? 0 : list.size());
    if (list != null) {
      list.forEach(items::add);
    }
    return items;
  }
}
