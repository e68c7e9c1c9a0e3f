package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;

/**
 * Filters out nodes with a {@code NoSchedule} or {@code NoExecute} taint the pod does not tolerate,
 * and scores nodes by how few {@code PreferNoSchedule} taints the pod does not tolerate (normalized
 * so that the node with the fewest gets 100).
 */
final class TaintToleration implements FilterPlugin, ScorePlugin {

  static final String NAME = "TaintToleration";

  private static final CycleState.Key<List<Toleration>> PREFER_TOLERATIONS =
      new CycleState.Key<>("PreScore" + NAME);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Status filter(CycleState state, Pod pod, NodeInfo node) {
    List<Taint> taints = node.taints();
    if (taints.isEmpty()) {
      return Status.SUCCESS;
    }
    Taint untolerated =
        Tolerations.firstUntolerated(
            taints,
            tolerations(pod),
            t ->
                Tolerations.NO_SCHEDULE.equals(t.getEffect())
                    || Tolerations.NO_EXECUTE.equals(t.getEffect()));
    if (untolerated == null) {
      return Status.SUCCESS;
    }
    return Status.unresolvable(
        "node(s) had untolerated taint {"
            + Tolerations.nullToEmpty(untolerated.getKey())
            + ": "
            + Tolerations.nullToEmpty(untolerated.getValue())
            + "}");
  }

  @Override
  public Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
    List<Toleration> prefer =
        tolerations(pod).stream()
            .filter(
                t ->
                    Tolerations.isEmpty(t.getEffect())
                        || Tolerations.PREFER_NO_SCHEDULE.equals(t.getEffect()))
            .toList();
    state.write(PREFER_TOLERATIONS, prefer);
    return Status.SUCCESS;
  }

  @Override
  public long score(CycleState state, Pod pod, NodeInfo node) {
    List<Toleration> prefer = state.read(PREFER_TOLERATIONS);
    long count = 0;
    for (Taint taint : node.taints()) {
      if (Tolerations.PREFER_NO_SCHEDULE.equals(taint.getEffect())
          && !Tolerations.anyTolerates(prefer, taint)) {
        count++;
      }
    }
    return count;
  }

  @Override
  public void normalize(CycleState state, Pod pod, long[] scores) {
    ScorePlugin.defaultNormalize(scores, true);
  }

  private static List<Toleration> tolerations(Pod pod) {
    List<Toleration> t = pod.getSpec().getTolerations();
    return t == null ? List.of() : t;
  }
}
