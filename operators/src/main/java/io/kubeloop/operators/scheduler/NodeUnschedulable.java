package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;

/**
 * Filters out nodes with {@code spec.unschedulable} (cordoned), unless the pod tolerates the {@code
 * node.kubernetes.io/unschedulable:NoSchedule} taint that such nodes carry.
 */
final class NodeUnschedulable implements FilterPlugin {

  static final String NAME = "NodeUnschedulable";
  static final String REASON = "node(s) were unschedulable";

  private static final Taint UNSCHEDULABLE_TAINT =
      new TaintBuilder()
          .withKey("node.kubernetes.io/unschedulable")
          .withEffect(Tolerations.NO_SCHEDULE)
          .build();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status filter(CycleState state, Pod pod, NodeInfo node) {
    if (!node.unschedulable()) {
      return Status.SUCCESS;
    }
    List<Toleration> tolerations = pod.getSpec().getTolerations();
    if (tolerations != null && Tolerations.anyTolerates(tolerations, UNSCHEDULABLE_TAINT)) {
      return Status.SUCCESS;
    }
    return Status.unresolvable(REASON);
  }
}
