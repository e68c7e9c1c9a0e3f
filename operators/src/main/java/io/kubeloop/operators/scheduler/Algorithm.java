package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The scheduling algorithm of one cycle (kube's {@code schedulePod}): PreFilter, then Filter over
 * the snapshot's nodes starting where the previous cycle stopped until enough feasible nodes are
 * found, then Score them and pick the highest total, ties broken at random.
 *
 * <p>Not thread-safe: one instance per scheduling thread (it remembers where to start the next
 * search, and its random generator is not shared).
 */
final class Algorithm {

  /** kube's {@code minFeasibleNodesToFind}. */
  static final int MIN_FEASIBLE_NODES_TO_FIND = 100;

  /** kube's {@code minFeasibleNodesPercentageToFind}. */
  static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

  static final String NO_NODES_AVAILABLE = "no nodes available to schedule pods";

  private final Framework framework;
  private final RandomGenerator random;
  private final int percentageOfNodesToScore;
  private int nextStartNodeIndex;

  /**
   * @param percentageOfNodesToScore 1–100, or 0 for kube's adaptive default (50% minus 1% per 125
   *     nodes, at least 5%; always at least 100 nodes)
   */
  Algorithm(Framework framework, RandomGenerator random, int percentageOfNodesToScore) {
    if (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100) {
      throw new IllegalArgumentException(
          "percentageOfNodesToScore must be 0 (adaptive) to 100, got " + percentageOfNodesToScore);
    }
    this.framework = framework;
    this.random = random;
    this.percentageOfNodesToScore = percentageOfNodesToScore;
  }

  ScheduleOutcome schedule(Pod pod, Snapshot snapshot) {
    int numAllNodes = snapshot.numNodes();
    if (numAllNodes == 0) {
      return new ScheduleOutcome.Failed(Status.unresolvable(NO_NODES_AVAILABLE));
    }
    CycleState state = new CycleState();
    Framework.PreFilterOutcome pre = framework.runPreFilter(state, pod);
    if (!pre.status().isSuccess()) {
      if (pre.status().isRejected()) {
        return new ScheduleOutcome.Unschedulable(FitError.preFilter(numAllNodes, pre.status()));
      }
      return new ScheduleOutcome.Failed(pre.status());
    }

    List<NodeInfo> nodes = snapshot.nodes();
    Status absent = null;
    if (pre.nodeNames() != null) {
      nodes = new ArrayList<>(pre.nodeNames().size());
      for (String name : pre.nodeNames()) {
        NodeInfo n = snapshot.get(name);
        if (n != null) {
          nodes.add(n);
        }
      }
      absent =
          Status.unresolvable(
              "node(s) didn't satisfy plugin(s) " + Framework.goList(pre.narrowedBy()));
    }

    Map<String, Status> statuses = new HashMap<>();
    List<NodeInfo> feasible = findFeasible(state, pod, nodes, pre.skipFilter(), statuses);
    if (feasible == null) {
      return new ScheduleOutcome.Failed(firstError(statuses));
    }
    int processed = feasible.size() + statuses.size();
    nextStartNodeIndex = (nextStartNodeIndex + processed) % numAllNodes;

    if (feasible.isEmpty()) {
      return new ScheduleOutcome.Unschedulable(new FitError(numAllNodes, statuses, absent, null));
    }
    if (feasible.size() == 1) {
      return new ScheduleOutcome.Suggested(feasible.get(0).name(), processed, 1);
    }
    Framework.Scores scores = framework.runScore(state, pod, feasible);
    if (scores.totals() == null) {
      return new ScheduleOutcome.Failed(scores.status());
    }
    return new ScheduleOutcome.Suggested(
        feasible.get(selectHost(scores.totals())).name(), processed, feasible.size());
  }

  /**
   * Filters nodes starting at {@link #nextStartNodeIndex} until enough are feasible. Records every
   * failing status; returns null if a filter returned an error (the status is in {@code statuses}
   * then).
   */
  private List<NodeInfo> findFeasible(
      CycleState state,
      Pod pod,
      List<NodeInfo> nodes,
      Set<String> skip,
      Map<String, Status> statuses) {
    int n = nodes.size();
    int wanted = framework.hasScorePlugins() ? numFeasibleNodesToFind(n) : 1;
    List<NodeInfo> feasible = new ArrayList<>(Math.min(wanted, n));
    for (int i = 0; i < n && feasible.size() < wanted; i++) {
      NodeInfo node = nodes.get((nextStartNodeIndex + i) % n);
      Status s = framework.runFilter(state, pod, node, skip);
      if (s.isSuccess()) {
        feasible.add(node);
      } else {
        statuses.put(node.name(), s);
        if (s.code() == Status.Code.ERROR) {
          return null;
        }
      }
    }
    return feasible;
  }

  /** kube's {@code numFeasibleNodesToFind}. */
  int numFeasibleNodesToFind(int numAllNodes) {
    if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) {
      return numAllNodes;
    }
    int percentage = percentageOfNodesToScore;
    if (percentage == 0) {
      percentage = Math.max(50 - numAllNodes / 125, MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
    }
    int numNodes = (int) ((long) numAllNodes * percentage / 100);
    return Math.max(numNodes, MIN_FEASIBLE_NODES_TO_FIND);
  }

  /** The index of a highest total; among equal ones each is equally likely (reservoir sampling). */
  private int selectHost(long[] totals) {
    int selected = 0;
    long max = totals[0];
    int ties = 1;
    for (int i = 1; i < totals.length; i++) {
      if (totals[i] > max) {
        max = totals[i];
        selected = i;
        ties = 1;
      } else if (totals[i] == max) {
        ties++;
        if (random.nextInt(ties) == 0) {
          selected = i;
        }
      }
    }
    return selected;
  }

  private static Status firstError(Map<String, Status> statuses) {
    for (Status s : statuses.values()) {
      if (s.code() == Status.Code.ERROR) {
        return s;
      }
    }
    throw new IllegalStateException("no error among " + statuses);
  }
}
