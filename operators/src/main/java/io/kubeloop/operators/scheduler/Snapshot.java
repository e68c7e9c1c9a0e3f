package io.kubeloop.operators.scheduler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes as one scheduling cycle sees them (kube's {@code Snapshot}): a list to iterate in a
 * stable order and a map by name. Only nodes with a Node object are in it. Updated in place from
 * the cache between cycles ({@link SchedulerCache#updateSnapshot}), touching only the nodes that
 * changed. Not thread-safe: it belongs to the scheduling thread.
 */
final class Snapshot {

  private final Map<String, Integer> index = new HashMap<>();
  private final ArrayList<NodeInfo> list = new ArrayList<>();

  /** A snapshot of the given nodes, for tests and the simulator. */
  static Snapshot of(Collection<NodeInfo> nodes) {
    Snapshot s = new Snapshot();
    for (NodeInfo n : nodes) {
      s.put(n);
    }
    return s;
  }

  /** Adds or replaces a node; an entry without a Node object is removed instead. */
  void put(NodeInfo info) {
    if (info.node() == null) {
      remove(info.name());
      return;
    }
    Integer i = index.get(info.name());
    if (i == null) {
      index.put(info.name(), list.size());
      list.add(info);
    } else {
      list.set(i, info);
    }
  }

  void remove(String name) {
    Integer i = index.remove(name);
    if (i == null) {
      return;
    }
    // swap-remove keeps removal O(1); the order only matters for where the next search starts
    NodeInfo last = list.remove(list.size() - 1);
    if (i < list.size()) {
      list.set(i, last);
      index.put(last.name(), i);
    }
  }

  NodeInfo get(String name) {
    Integer i = index.get(name);
    return i == null ? null : list.get(i);
  }

  /** The nodes, in the snapshot's order. The caller must not modify the list. */
  List<NodeInfo> nodes() {
    return list;
  }

  int numNodes() {
    return list.size();
  }
}
