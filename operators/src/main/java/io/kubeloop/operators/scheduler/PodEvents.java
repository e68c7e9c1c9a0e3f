package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubeloop.informers.ResourceEventHandler;

/**
 * Routes pod changes (kube's {@code addPodToCache}/{@code addPodToSchedulingQueue} handlers): pods
 * assigned to a node go to the cache, whoever scheduled them; unassigned pods that name this
 * scheduler go to the queue. A pod leaving the queue because it was bound goes to the cache; an
 * assigned pod deleted or finished frees resources, so unschedulable pods get another chance. Never
 * throws.
 */
final class PodEvents implements ResourceEventHandler<Pod> {

  private final String schedulerName;
  private final SchedulerCache cache;
  private final SchedulingQueue queue;

  PodEvents(String schedulerName, SchedulerCache cache, SchedulingQueue queue) {
    this.schedulerName = schedulerName;
    this.cache = cache;
    this.queue = queue;
  }

  @Override
  public void onAdd(Pod pod, boolean isInInitialList) {
    if (assigned(pod)) {
      if (!terminal(pod)) {
        cache.addPod(pod);
      }
    } else if (responsible(pod) && !terminal(pod)) {
      queue.add(pod);
    }
  }

  @Override
  public void onUpdate(Pod old, Pod pod) {
    if (assigned(pod)) {
      if (!assigned(old)) {
        // bound (by us or anyone): it leaves the queue
        queue.delete(pod);
      }
      if (terminal(pod)) {
        if (cache.contains(SchedulerCache.key(pod))) {
          cache.removePod(pod);
          queue.moveAllToActiveOrBackoff();
        }
      } else {
        cache.updatePod(pod);
      }
    } else if (responsible(pod)) {
      if (terminal(pod)) {
        queue.delete(pod);
      } else {
        queue.update(pod);
      }
    }
  }

  @Override
  public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
    // the last known state may be unassigned while the pod was assumed or bound: do both
    queue.delete(pod);
    if (cache.contains(SchedulerCache.key(pod))) {
      cache.removePod(pod);
      queue.moveAllToActiveOrBackoff();
    }
  }

  private boolean responsible(Pod pod) {
    String name = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
    return schedulerName.equals(name == null || name.isEmpty() ? "default-scheduler" : name);
  }

  static boolean assigned(Pod pod) {
    return pod.getSpec() != null
        && pod.getSpec().getNodeName() != null
        && !pod.getSpec().getNodeName().isEmpty();
  }

  static boolean terminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
