package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Filters out nodes whose allocatable resources, less what the pods bound or assumed to them
 * request, cannot hold the pod's requests (cpu, memory, ephemeral storage, extended resources and
 * the pod count); and scores nodes with kube's default {@code LeastAllocated} strategy: the share
 * of cpu and memory (weight 1 each) still free once the pod is placed, counting 100m cpu and 200
 * MiB memory for containers that request none.
 */
final class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, ScorePlugin {

  static final String NAME = "NodeResourcesFit";

  static final CycleState.Key<PodResources> POD_RESOURCES =
      new CycleState.Key<>("PreFilter" + NAME);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PreFilterResult preFilter(CycleState state, Pod pod) {
    state.write(POD_RESOURCES, PodResources.of(pod));
    return PreFilterResult.SUCCESS;
  }

  @Override
  public Status filter(CycleState state, Pod pod, NodeInfo node) {
    Resources request = state.read(POD_RESOURCES).requests();
    List<String> reasons = null;
    boolean unresolvable = false;
    if (node.podCount() + 1 > node.allowedPods()) {
      reasons = add(reasons, "Too many pods");
    }
    if (request.isZero()) {
      return reasons == null ? Status.SUCCESS : Status.unschedulable(reasons.get(0));
    }
    Resources alloc = node.allocatable();
    Resources used = node.requested();
    if (request.milliCpu() > 0 && request.milliCpu() > alloc.milliCpu() - used.milliCpu()) {
      reasons = add(reasons, "Insufficient cpu");
      unresolvable |= request.milliCpu() > alloc.milliCpu();
    }
    if (request.memory() > 0 && request.memory() > alloc.memory() - used.memory()) {
      reasons = add(reasons, "Insufficient memory");
      unresolvable |= request.memory() > alloc.memory();
    }
    if (request.ephemeralStorage() > 0
        && request.ephemeralStorage() > alloc.ephemeralStorage() - used.ephemeralStorage()) {
      reasons = add(reasons, "Insufficient ephemeral-storage");
      unresolvable |= request.ephemeralStorage() > alloc.ephemeralStorage();
    }
    if (!request.scalars().isEmpty()) {
      // sorted, so the message does not depend on map order
      Map<String, Long> sorted = new TreeMap<>(request.scalars());
      for (Map.Entry<String, Long> e : sorted.entrySet()) {
        long want = e.getValue();
        if (want > 0 && want > alloc.scalar(e.getKey()) - used.scalar(e.getKey())) {
          reasons = add(reasons, "Insufficient " + e.getKey());
          unresolvable |= want > alloc.scalar(e.getKey());
        }
      }
    }
    if (reasons == null) {
      return Status.SUCCESS;
    }
    String[] r = reasons.toArray(String[]::new);
    return unresolvable ? Status.unresolvable(r) : Status.unschedulable(r);
  }

  @Override
  public long score(CycleState state, Pod pod, NodeInfo node) {
    PodResources pr = state.read(POD_RESOURCES);
    long total = 0;
    long weights = 0;
    long allocCpu = node.allocatable().milliCpu();
    if (allocCpu != 0) {
      total += leastRequested(node.nonZeroMilliCpu() + pr.nonZeroMilliCpu(), allocCpu);
      weights++;
    }
    long allocMemory = node.allocatable().memory();
    if (allocMemory != 0) {
      total += leastRequested(node.nonZeroMemory() + pr.nonZeroMemory(), allocMemory);
      weights++;
    }
    return weights == 0 ? 0 : total / weights;
  }

  /** The unused share of {@code capacity} on a 0–100 scale. */
  static long leastRequested(long requested, long capacity) {
    if (capacity == 0 || requested > capacity) {
      return 0;
    }
    return (capacity - requested) * MAX_NODE_SCORE / capacity;
  }

  private static List<String> add(List<String> list, String reason) {
    List<String> l = list == null ? new ArrayList<>(2) : list;
    l.add(reason);
    return l;
  }
}
