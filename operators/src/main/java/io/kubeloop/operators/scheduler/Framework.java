package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One scheduling profile (kube's {@code frameworkImpl}): the plugins enabled at each extension
 * point, in order, with the score weights, and the code that runs them. Immutable and thread-safe;
 * the per-cycle data lives in {@link CycleState}.
 */
final class Framework {

  /** A score plugin and the weight its normalized score is multiplied by. */
  record WeightedScore(ScorePlugin plugin, int weight) {}

  /**
   * What PreFilter decided for the cycle.
   *
   * @param status success, or the first rejection or error
   * @param nodeNames the only nodes to filter, or null for all
   * @param narrowedBy the plugins that named nodes, sorted
   * @param skipFilter the plugins whose Filter is skipped this cycle
   */
  record PreFilterOutcome(
      Status status, Set<String> nodeNames, List<String> narrowedBy, Set<String> skipFilter) {}

  /** Each node's weighted total, or the status of the plugin that failed (totals then null). */
  record Scores(long[] totals, Status status) {}

  private final List<PreFilterPlugin> preFilters;
  private final List<FilterPlugin> filters;
  private final List<WeightedScore> scores;
  private final BindPlugin binder;

  Framework(
      List<PreFilterPlugin> preFilters,
      List<FilterPlugin> filters,
      List<WeightedScore> scores,
      BindPlugin binder) {
    this.preFilters = List.copyOf(preFilters);
    this.filters = List.copyOf(filters);
    this.scores = List.copyOf(scores);
    this.binder = binder;
  }

  /**
   * kube's default profile, less the plugins left out (volumes, ports, pod topology spread,
   * inter-pod affinity, image locality, preemption): filters NodeUnschedulable, NodeName,
   * TaintToleration, NodeAffinity, NodeResourcesFit in that order; scores TaintToleration (weight
   * 3), NodeAffinity (2), NodeResourcesFit least-allocated (1), NodeResourcesBalancedAllocation
   * (1).
   *
   * @param binder the Bind plugin, or null for a framework that only filters and scores
   */
  static Framework defaults(BindPlugin binder) {
    NodeUnschedulable unschedulable = new NodeUnschedulable();
    NodeName nodeName = new NodeName();
    TaintToleration taints = new TaintToleration();
    NodeAffinity affinity = new NodeAffinity();
    NodeResourcesFit fit = new NodeResourcesFit();
    BalancedAllocation balanced = new BalancedAllocation();
    return new Framework(
        List.of(affinity, fit),
        List.of(unschedulable, nodeName, taints, affinity, fit),
        List.of(
            new WeightedScore(taints, 3),
            new WeightedScore(affinity, 2),
            new WeightedScore(fit, 1),
            new WeightedScore(balanced, 1)),
        binder);
  }

  BindPlugin binder() {
    return binder;
  }

  boolean hasScorePlugins() {
    return !scores.isEmpty();
  }

  /**
   * Runs every PreFilter plugin. Stops at the first that rejects the pod or fails; intersects the
   * node sets the others narrow the cycle to.
   */
  PreFilterOutcome runPreFilter(CycleState state, Pod pod) {
    Set<String> nodes = null;
    List<String> narrowedBy = List.of();
    Set<String> skip = Set.of();
    for (PreFilterPlugin p : preFilters) {
      PreFilterResult r = p.preFilter(state, pod);
      Status s = r.status();
      if (s.isSkip()) {
        if (skip.isEmpty()) {
          skip = new HashSet<>();
        }
        skip.add(p.name());
        continue;
      }
      if (!s.isSuccess()) {
        return new PreFilterOutcome(s.withPlugin(p.name()), null, narrowedBy, skip);
      }
      if (r.nodeNames() != null) {
        if (narrowedBy.isEmpty()) {
          narrowedBy = new ArrayList<>();
        }
        narrowedBy.add(p.name());
        if (nodes == null) {
          nodes = new HashSet<>(r.nodeNames());
        } else {
          nodes.retainAll(r.nodeNames());
        }
      }
    }
    if (nodes != null && nodes.isEmpty()) {
      String msg =
          narrowedBy.size() == 1
              ? "node(s) didn't satisfy plugin " + narrowedBy.get(0)
              : "node(s) didn't satisfy plugin(s) " + goList(narrowedBy) + " simultaneously";
      return new PreFilterOutcome(Status.unresolvable(msg), null, narrowedBy, skip);
    }
    if (narrowedBy.size() > 1) {
      narrowedBy.sort(null);
    }
    return new PreFilterOutcome(Status.SUCCESS, nodes, narrowedBy, skip);
  }

  /** Go's {@code %v} of a string slice: {@code [A B]}. */
  static String goList(List<String> names) {
    return "[" + String.join(" ", names) + "]";
  }

  /** Runs the Filter plugins on one node; the first that does not succeed decides. */
  Status runFilter(CycleState state, Pod pod, NodeInfo node, Set<String> skip) {
    for (int i = 0; i < filters.size(); i++) {
      FilterPlugin p = filters.get(i);
      if (!skip.isEmpty() && skip.contains(p.name())) {
        continue;
      }
      Status s = p.filter(state, pod, node);
      if (!s.isSuccess()) {
        return s.withPlugin(p.name());
      }
    }
    return Status.SUCCESS;
  }

  /**
   * Runs PreScore, Score and normalization of every score plugin over {@code nodes} and returns
   * each node's weighted total, or the error of the first plugin that fails.
   */
  Scores runScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
    long[] totals = new long[nodes.size()];
    long[] scratch = new long[nodes.size()];
    List<WeightedScore> active = new ArrayList<>(scores.size());
    for (WeightedScore ws : scores) {
      Status s = ws.plugin().preScore(state, pod, nodes);
      if (s.isSkip()) {
        continue;
      }
      if (!s.isSuccess()) {
        return new Scores(null, s.withPlugin(ws.plugin().name()));
      }
      active.add(ws);
    }
    for (WeightedScore ws : active) {
      ScorePlugin p = ws.plugin();
      for (int i = 0; i < scratch.length; i++) {
        scratch[i] = p.score(state, pod, nodes.get(i));
      }
      p.normalize(state, pod, scratch);
      for (int i = 0; i < scratch.length; i++) {
        long s = scratch[i];
        if (s < 0 || s > ScorePlugin.MAX_NODE_SCORE) {
          return new Scores(
              null,
              Status.error(
                      "plugin \""
                          + p.name()
                          + "\" returns an invalid score "
                          + s
                          + ", it should in the range of [0, 100] after normalizing")
                  .withPlugin(p.name()));
        }
        totals[i] += s * ws.weight();
      }
    }
    return new Scores(totals, Status.SUCCESS);
  }
}
