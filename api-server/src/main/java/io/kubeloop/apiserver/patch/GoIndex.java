package io.kubeloop.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The answers of kube's linear searches over a list ({@code index}, {@code
 * findMapInSliceBasedOnKeyValue}) from a hash of the list: the first position whose value is
 * Go-equal to the one looked up. Go's searches are O(n) per lookup and kube calls them inside
 * sorts; hashing keeps a hostile patch of many list elements from costing O(n^2). Not thread-safe.
 */
final class GoIndex {

  /** What {@link #valueOf} returns for an element a search skips (a map without the key). */
  static final JsonNode SKIP = MissingNode.getInstance();

  private final Function<JsonNode, JsonNode> valueOf;
  private final Map<GoValues.Key, Integer> first = new HashMap<>();
  private final EnumSet<GoValues.Type> uncomparable = EnumSet.noneOf(GoValues.Type.class);
  private int size;
  private int firstNonMap = -1;

  private GoIndex(Function<JsonNode, JsonNode> valueOf) {
    this.valueOf = valueOf;
  }

  /**
   * kube's {@code index(list, item, mergeKey, kind)}: items compare by their merge key value when
   * the list holds maps ({@code nil} for a non-map or a map without the key), by themselves
   * otherwise.
   */
  static GoIndex byValue(List<JsonNode> list, String mergeKey, GoValues.Type kind) {
    GoIndex index = new GoIndex(kind == GoValues.Type.MAP ? mergeKeyOf(mergeKey) : item -> item);
    list.forEach(index::add);
    return index;
  }

  /**
   * kube's {@code findMapInSliceBasedOnKeyValue(list, key, value)}: maps without the key are
   * skipped, and an element that is not a map before the match is an error.
   */
  static GoIndex byMergeKey(List<JsonNode> list, String mergeKey) {
    GoIndex index =
        new GoIndex(
            item -> {
              JsonNode value = item.isObject() ? item.get(mergeKey) : null;
              return value == null ? SKIP : value;
            });
    list.forEach(index::add);
    return index;
  }

  private static Function<JsonNode, JsonNode> mergeKeyOf(String mergeKey) {
    return item -> item.isObject() ? item.get(mergeKey) : null;
  }

  /** The value an item is compared by; for tests of membership. */
  JsonNode valueOf(JsonNode item) {
    return valueOf.apply(item);
  }

  /** Appends an item at the next position. */
  void add(JsonNode item) {
    int position = size++;
    if (firstNonMap < 0 && !item.isObject()) {
      firstNonMap = position;
    }
    JsonNode value = valueOf.apply(item);
    if (value == SKIP) {
      return;
    }
    GoValues.Key key = GoValues.key(value);
    if (key == null) {
      uncomparable.add(GoValues.typeOf(value));
    } else {
      first.putIfAbsent(key, position);
    }
  }

  /**
   * The first position holding {@code item}'s value, or -1.
   *
   * @throws GoPanic where Go would compare two maps or two slices
   */
  int indexOf(JsonNode item) {
    return find(valueOf.apply(item));
  }

  /** The first position whose value is {@code value} itself, or -1. */
  int find(JsonNode value) {
    GoValues.Key key = GoValues.key(value);
    if (key == null) {
      GoValues.Type type = GoValues.typeOf(value);
      if (uncomparable.contains(type)) {
        throw GoPanic.uncomparable(type);
      }
      return -1;
    }
    return first.getOrDefault(key, -1);
  }

  /**
   * {@link #find} for {@code findMapInSliceBasedOnKeyValue}, which fails on the first element that
   * is not a map.
   */
  int findMap(JsonNode value) {
    int at = find(value);
    if (firstNonMap >= 0 && (at < 0 || firstNonMap < at)) {
      throw StrategicMergeErrors.failed("value for key " + firstNonMap + " is not a map.");
    }
    return at;
  }
}
