package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Filters out every node but the one a pod names in {@code spec.nodeName}. The scheduler never
 * schedules such pods (they are assigned already); the plugin matters when the framework is asked
 * about one anyway, e.g. through {@link SchedulerSimulator}.
 */
final class NodeName implements FilterPlugin {

  static final String NAME = "NodeName";
  static final String REASON = "node(s) didn't match the requested node name";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status filter(CycleState state, Pod pod, NodeInfo node) {
    String wanted = pod.getSpec().getNodeName();
    if (wanted == null || wanted.isEmpty() || wanted.equals(node.name())) {
      return Status.SUCCESS;
    }
    return Status.unresolvable(REASON);
  }
}
