package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Ranks the nodes that passed every filter. Scores are between 0 and {@link #MAX_NODE_SCORE} after
 * {@link #normalize}; the framework multiplies them by the plugin's weight and adds them up.
 */
interface ScorePlugin extends Plugin {

  /** kube's {@code framework.MaxNodeScore}. */
  long MAX_NODE_SCORE = 100;

  /**
   * Runs once per cycle before {@link #score}. Returning {@link Status#SKIP} leaves this plugin out
   * of the cycle (every node gets 0 from it); anything but success or skip fails the cycle.
   */
  default Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
    return Status.SUCCESS;
  }

  /** Scores one feasible node. */
  long score(CycleState state, Pod pod, NodeInfo node);

  /** Rescales {@code scores} (one per node, in order) in place into 0..100; default: as is. */
  default void normalize(CycleState state, Pod pod, long[] scores) {}

  /**
   * kube's {@code DefaultNormalizeScore}: scales scores so the highest becomes 100, and if {@code
   * reverse}, turns them around so the lowest does.
   */
  static void defaultNormalize(long[] scores, boolean reverse) {
    long max = 0;
    for (long s : scores) {
      max = Math.max(max, s);
    }
    if (max == 0) {
      if (reverse) {
        java.util.Arrays.fill(scores, MAX_NODE_SCORE);
      }
      return;
    }
    for (int i = 0; i < scores.length; i++) {
      long s = MAX_NODE_SCORE * scores[i] / max;
      scores[i] = reverse ? MAX_NODE_SCORE - s : s;
    }
  }
}
