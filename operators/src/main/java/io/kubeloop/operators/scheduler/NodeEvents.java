package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.kubeloop.informers.ResourceEventHandler;
import java.util.Objects;

/**
 * Keeps the cache's nodes current; a node added, or updated in a way that can make a pod fit
 * (allocatable, labels, taints, {@code spec.unschedulable}), sends the unschedulable pods back to
 * the active (or backoff) queue. Never throws.
 */
final class NodeEvents implements ResourceEventHandler<Node> {

  private final SchedulerCache cache;
  private final SchedulingQueue queue;

  NodeEvents(SchedulerCache cache, SchedulingQueue queue) {
    this.cache = cache;
    this.queue = queue;
  }

  @Override
  public void onAdd(Node node, boolean isInInitialList) {
    cache.addNode(node);
    queue.moveAllToActiveOrBackoff();
  }

  @Override
  public void onUpdate(Node old, Node node) {
    cache.updateNode(node);
    if (schedulingPropertiesChanged(old, node)) {
      queue.moveAllToActiveOrBackoff();
    }
  }

  @Override
  public void onDelete(Node node, boolean deletedFinalStateUnknown) {
    cache.removeNode(node);
  }

  static boolean schedulingPropertiesChanged(Node old, Node node) {
    return !Objects.equals(unschedulable(old), unschedulable(node))
        || !Objects.equals(old.getMetadata().getLabels(), node.getMetadata().getLabels())
        || !Objects.equals(
            old.getSpec() == null ? null : old.getSpec().getTaints(),
            node.getSpec() == null ? null : node.getSpec().getTaints())
        || !Objects.equals(
            old.getStatus() == null ? null : old.getStatus().getAllocatable(),
            node.getStatus() == null ? null : node.getStatus().getAllocatable());
  }

  private static Boolean unschedulable(Node n) {
    return n.getSpec() == null ? null : n.getSpec().getUnschedulable();
  }
}
