package io.kubeloop.operators.scheduler;

import static io.kubeloop.operators.scheduler.Fixtures.filter;
import static io.kubeloop.operators.scheduler.Fixtures.nodeBuilder;
import static io.kubeloop.operators.scheduler.Fixtures.pod;
import static io.kubeloop.operators.scheduler.Fixtures.podBuilder;
import static io.kubeloop.operators.scheduler.Fixtures.score;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import org.junit.jupiter.api.Test;

class TaintTolerationTest {

  private final TaintToleration plugin = new TaintToleration();

  private static NodeInfo tainted(String name, Taint... taints) {
    return NodeInfo.of(
        nodeBuilder(name, "4", "8Gi", 110).editSpec().withTaints(taints).endSpec().build());
  }

  private static Taint taint(String key, String value, String effect) {
    return new Taint(effect, key, null, value);
  }

  private static Toleration toleration(String key, String op, String value, String effect) {
    return new Toleration(effect, key, op, null, value);
  }

  private static Pod tolerating(Toleration... tolerations) {
    return podBuilder("p").editSpec().withTolerations(tolerations).endSpec().build();
  }

  @Test
  void untoleratedNoScheduleAndNoExecuteTaintsRejectTheNode() {
    NodeInfo node = tainted("n", taint("dedicated", "gpu", "NoSchedule"));
    Status s = filter(plugin, pod("p", null, null), node);
    assertThat(s.code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
    assertThat(s.reasons()).containsExactly("node(s) had untolerated taint {dedicated: gpu}");

    Status noValue =
        filter(plugin, pod("p", null, null), tainted("m", taint("k", null, "NoExecute")));
    assertThat(noValue.reasons()).containsExactly("node(s) had untolerated taint {k: }");
  }

  @Test
  void preferNoScheduleDoesNotFilter() {
    assertThat(
            filter(plugin, pod("p", null, null), tainted("n", taint("k", "v", "PreferNoSchedule")))
                .isSuccess())
        .isTrue();
  }

  @Test
  void tolerationsMatchByKeyOperatorValueAndEffect() {
    NodeInfo node = tainted("n", taint("dedicated", "gpu", "NoSchedule"));
    assertThat(
            filter(plugin, tolerating(toleration("dedicated", "Equal", "gpu", "NoSchedule")), node)
                .isSuccess())
        .isTrue();
    assertThat(
            filter(plugin, tolerating(toleration("dedicated", null, "gpu", null)), node)
                .isSuccess())
        .isTrue();
    assertThat(
            filter(plugin, tolerating(toleration("dedicated", "Exists", null, null)), node)
                .isSuccess())
        .isTrue();
    assertThat(filter(plugin, tolerating(toleration(null, "Exists", null, null)), node).isSuccess())
        .isTrue();
    assertThat(
            filter(plugin, tolerating(toleration("dedicated", "Equal", "cpu", null)), node)
                .isSuccess())
        .isFalse();
    assertThat(
            filter(plugin, tolerating(toleration("dedicated", "Exists", null, "NoExecute")), node)
                .isSuccess())
        .isFalse();
  }

  @Test
  void scoreCountsUntoleratedPreferNoScheduleTaintsReversed() {
    NodeInfo clean = tainted("a");
    NodeInfo one = tainted("b", taint("x", "1", "PreferNoSchedule"));
    NodeInfo two =
        tainted("c", taint("x", "1", "PreferNoSchedule"), taint("y", "1", "PreferNoSchedule"));
    assertThat(score(plugin, pod("p", null, null), clean, one, two)).containsExactly(100, 50, 0);
    Pod toleratesX = tolerating(toleration("x", "Exists", null, "PreferNoSchedule"));
    assertThat(score(plugin, toleratesX, clean, one, two)).containsExactly(100, 100, 0);
  }
}
