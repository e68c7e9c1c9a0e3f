package io.kubeloop.operators.scheduler;

/** What one run of the scheduling algorithm decided for a pod. */
sealed interface ScheduleOutcome {

  /**
   * A node was chosen.
   *
   * @param node the node
   * @param evaluatedNodes the nodes filtered (and scored) to find it
   * @param feasibleNodes the nodes that passed every filter
   */
  record Suggested(String node, int evaluatedNodes, int feasibleNodes) implements ScheduleOutcome {}

  /** No node fits; the pod waits for the cluster to change. */
  record Unschedulable(FitError error) implements ScheduleOutcome {}

  /**
   * The cycle failed: no nodes at all (an unschedulable-and-unresolvable status) or a plugin error;
   * the pod is retried with backoff.
   */
  record Failed(Status status) implements ScheduleOutcome {}
}
