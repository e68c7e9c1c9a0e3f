package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * kube's {@code NodeResourcesBalancedAllocation}: favours nodes whose cpu and memory would be used
 * in similar proportions once the pod is placed: {@code (1 - std) * 100} over the two requested
 * fractions (each capped at 1), counting requests as they are (no defaults for containers without
 * requests). Skipped for pods that request neither.
 */
final class BalancedAllocation implements ScorePlugin {

  static final String NAME = "NodeResourcesBalancedAllocation";

  @Override
  public String name() {
    return NAME;
  }

  private static final CycleState.Key<Resources> REQUESTS = new CycleState.Key<>("PreScore" + NAME);

  @Override
  public Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
    Resources r = PodResources.of(pod).requests();
    if (r.milliCpu() == 0 && r.memory() == 0) {
      return Status.SKIP;
    }
    state.write(REQUESTS, r);
    return Status.SUCCESS;
  }

  @Override
  public long score(CycleState state, Pod pod, NodeInfo node) {
    Resources r = state.read(REQUESTS);
    double[] fractions = new double[2];
    int n = 0;
    long allocCpu = node.allocatable().milliCpu();
    if (allocCpu != 0) {
      fractions[n++] = fraction(node.requested().milliCpu() + r.milliCpu(), allocCpu);
    }
    long allocMemory = node.allocatable().memory();
    if (allocMemory != 0) {
      fractions[n++] = fraction(node.requested().memory() + r.memory(), allocMemory);
    }
    double std = n == 2 ? Math.abs((fractions[0] - fractions[1]) / 2) : 0;
    return (long) ((1 - std) * MAX_NODE_SCORE);
  }

  private static double fraction(long requested, long allocatable) {
    return Math.min(1.0, (double) requested / (double) allocatable);
  }
}
