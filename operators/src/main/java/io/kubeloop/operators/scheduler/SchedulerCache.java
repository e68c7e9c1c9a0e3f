package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubeloop.workqueue.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The scheduler's view of the cluster (kube's {@code internal/cache}): every node and every pod
 * assigned to one, including pods <em>assumed</em> onto a node by a scheduling cycle whose binding
 * the API server has not confirmed yet. Assuming before binding is what lets the next cycle start
 * at once without double-booking a node.
 *
 * <p>Assumed pod life cycle: {@link #assume} (the cycle chose a node) → {@link #finishBinding} (the
 * bind call returned; the expiry clock starts) → {@link #addPod} when the informer delivers the
 * bound pod (confirmed: no longer assumed, no expiry), or {@link #forget} if binding failed, or
 * expiry after the TTL if the confirmation never comes.
 *
 * <p>Thread-safe: one lock guards everything; no blocking work is done while holding it.
 */
final class SchedulerCache {

  /**
   * One pod the cache counts.
   *
   * @param pod the latest object
   * @param node the node it is on (or assumed on)
   * @param resources what it takes from the node
   * @param assumed whether it is assumed and not confirmed by the informer yet
   * @param deadline for an assumed pod whose binding finished, when it expires; otherwise 0
   */
  private record PodState(
      Pod pod, String node, PodResources resources, boolean assumed, long deadline) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Clock clock;
  private final long ttlNanos;

  // guarded by lock
  /** Nodes by name; an entry without a Node object exists while pods still name the node. */
  private final Map<String, NodeInfo> nodes = new HashMap<>();

  /** Pods by {@code namespace/name}, each counted in exactly one node entry. */
  private final Map<String, PodState> pods = new HashMap<>();

  /** Nodes changed since the last {@link #updateSnapshot}. */
  private final Set<String> dirty = new HashSet<>();

  SchedulerCache(Clock clock, Duration assumedPodTtl) {
    this.clock = clock;
    this.ttlNanos = assumedPodTtl.toNanos();
  }

  static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  /**
   * Counts {@code pod} on {@code node} ahead of its binding.
   *
   * @throws IllegalStateException if the cache already counts the pod
   */
  void assume(Pod pod, String node) {
    String key = key(pod);
    PodResources resources = PodResources.of(pod);
    lock.lock();
    try {
      if (pods.containsKey(key)) {
        throw new IllegalStateException("pod " + key + " is already in the cache");
      }
      pods.put(key, new PodState(pod, node, resources, true, 0));
      addToNode(node, resources);
    } finally {
      lock.unlock();
    }
  }

  /** The bind call for an assumed pod returned: start its expiry clock. */
  void finishBinding(String key) {
    lock.lock();
    try {
      PodState s = pods.get(key);
      if (s != null && s.assumed()) {
        pods.put(
            key, new PodState(s.pod(), s.node(), s.resources(), true, clock.nanoTime() + ttlNanos));
      }
    } finally {
      lock.unlock();
    }
  }

  /** Binding an assumed pod failed: stop counting it. A confirmed pod is left alone. */
  void forget(String key) {
    lock.lock();
    try {
      PodState s = pods.get(key);
      if (s != null && s.assumed()) {
        pods.remove(key);
        removeFromNode(s.node(), s.resources());
      }
    } finally {
      lock.unlock();
    }
  }

  boolean isAssumed(String key) {
    lock.lock();
    try {
      PodState s = pods.get(key);
      return s != null && s.assumed();
    } finally {
      lock.unlock();
    }
  }

  /** Whether the cache counts the pod, assumed or confirmed. */
  boolean contains(String key) {
    lock.lock();
    try {
      return pods.containsKey(key);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A pod assigned to a node arrived from the informer: confirms it if it was assumed (moving it if
   * it landed elsewhere), otherwise starts counting it.
   */
  void addPod(Pod pod) {
    String key = key(pod);
    String node = pod.getSpec().getNodeName();
    PodResources resources = PodResources.of(pod);
    lock.lock();
    try {
      PodState old = pods.put(key, new PodState(pod, node, resources, false, 0));
      if (old != null) {
        removeFromNode(old.node(), old.resources());
      }
      addToNode(node, resources);
    } finally {
      lock.unlock();
    }
  }

  /** An assigned pod changed (e.g. its requests were resized); same as {@link #addPod}. */
  void updatePod(Pod pod) {
    addPod(pod);
  }

  /** An assigned pod was deleted or finished. */
  void removePod(Pod pod) {
    String key = key(pod);
    lock.lock();
    try {
      PodState old = pods.remove(key);
      if (old != null) {
        removeFromNode(old.node(), old.resources());
      }
    } finally {
      lock.unlock();
    }
  }

  void addNode(Node node) {
    String name = node.getMetadata().getName();
    lock.lock();
    try {
      NodeInfo info = nodes.get(name);
      nodes.put(name, info == null ? NodeInfo.of(node) : info.withNode(node));
      dirty.add(name);
    } finally {
      lock.unlock();
    }
  }

  void updateNode(Node node) {
    addNode(node);
  }

  /** A node was deleted; its pods stay counted until they go too. */
  void removeNode(Node node) {
    String name = node.getMetadata().getName();
    lock.lock();
    try {
      NodeInfo info = nodes.get(name);
      if (info != null) {
        if (info.podCount() == 0) {
          nodes.remove(name);
        } else {
          nodes.put(name, info.withNode(null));
        }
        dirty.add(name);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Drops assumed pods whose binding finished more than the TTL ago without the informer confirming
   * them. Returns their keys.
   */
  List<String> cleanupExpired() {
    long now = clock.nanoTime();
    List<String> expired = new ArrayList<>();
    lock.lock();
    try {
      for (var it = pods.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        PodState s = e.getValue();
        if (s.assumed() && s.deadline() != 0 && now - s.deadline() >= 0) {
          it.remove();
          removeFromNode(s.node(), s.resources());
          expired.add(e.getKey());
        }
      }
    } finally {
      lock.unlock();
    }
    return expired;
  }

  /** Brings {@code snapshot} up to date, copying only the nodes that changed since last time. */
  void updateSnapshot(Snapshot snapshot) {
    lock.lock();
    try {
      for (String name : dirty) {
        NodeInfo info = nodes.get(name);
        if (info == null) {
          snapshot.remove(name);
        } else {
          snapshot.put(info);
        }
      }
      dirty.clear();
    } finally {
      lock.unlock();
    }
  }

  /** The node's current entry, or null. */
  NodeInfo node(String name) {
    lock.lock();
    try {
      return nodes.get(name);
    } finally {
      lock.unlock();
    }
  }

  int podCount() {
    lock.lock();
    try {
      return pods.size();
    } finally {
      lock.unlock();
    }
  }

  // guarded by lock
  private void addToNode(String name, PodResources resources) {
    NodeInfo info = nodes.get(name);
    nodes.put(name, (info == null ? NodeInfo.empty(name) : info).withPod(resources));
    dirty.add(name);
  }

  // guarded by lock
  private void removeFromNode(String name, PodResources resources) {
    NodeInfo info = nodes.get(name);
    if (info == null) {
      return;
    }
    NodeInfo updated = info.withoutPod(resources);
    if (updated.node() == null && updated.podCount() == 0) {
      nodes.remove(name);
    } else {
      nodes.put(name, updated);
    }
    dirty.add(name);
  }
}
