package io.kubeloop.operators.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Why no node fits a pod (kube's {@code FitError} with its {@code Diagnosis}): the status each
 * filtered-out node got, the status given to the nodes a PreFilter excluded, or the PreFilter
 * rejection that ended the cycle.
 *
 * @param numAllNodes the nodes in the snapshot
 * @param nodeStatuses the failing status of each node that was filtered
 * @param absentStatus the status of nodes not filtered at all (PreFilter narrowed the set), or null
 * @param preFilterStatus the PreFilter rejection, or null if the cycle got past PreFilter
 */
record FitError(
    int numAllNodes,
    Map<String, Status> nodeStatuses,
    Status absentStatus,
    Status preFilterStatus) {

  FitError {
    nodeStatuses = Map.copyOf(nodeStatuses);
  }

  static FitError preFilter(int numAllNodes, Status status) {
    return new FitError(numAllNodes, Map.of(), null, status);
  }

  /**
   * The message kube writes into the PodScheduled condition and the FailedScheduling event, e.g.
   * {@code "0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu."}: each
   * reason with the number of nodes that gave it, sorted as strings (so "10 ..." sorts before "2
   * ..."), as kube does. kube appends the preemption plugin's own verdict ({@code "preemption:
   * ..."}); kubeloop has no preemption, so that part is never there.
   */
  String message() {
    StringBuilder msg = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
    if (preFilterStatus != null) {
      return msg.append(' ').append(preFilterStatus.message()).append('.').toString();
    }
    Map<String, Integer> histogram = new HashMap<>();
    for (Status s : nodeStatuses.values()) {
      for (String reason : s.reasons()) {
        histogram.merge(reason, 1, Integer::sum);
      }
    }
    if (absentStatus != null && nodeStatuses.size() < numAllNodes) {
      int absent = numAllNodes - nodeStatuses.size();
      for (String reason : absentStatus.reasons()) {
        histogram.merge(reason, absent, Integer::sum);
      }
    }
    List<String> parts = new ArrayList<>(histogram.size());
    histogram.forEach((reason, count) -> parts.add(count + " " + reason));
    parts.sort(null);
    if (!parts.isEmpty()) {
      msg.append(' ').append(String.join(", ", parts)).append('.');
    }
    return msg.toString();
  }
}
