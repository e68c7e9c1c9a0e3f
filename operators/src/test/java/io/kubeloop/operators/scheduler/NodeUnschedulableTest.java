package io.kubeloop.operators.scheduler;

import static io.kubeloop.operators.scheduler.Fixtures.filter;
import static io.kubeloop.operators.scheduler.Fixtures.nodeBuilder;
import static io.kubeloop.operators.scheduler.Fixtures.pod;
import static io.kubeloop.operators.scheduler.Fixtures.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Toleration;
import org.junit.jupiter.api.Test;

class NodeUnschedulableTest {

  private final NodeUnschedulable plugin = new NodeUnschedulable();
  private final NodeInfo cordoned =
      NodeInfo.of(
          nodeBuilder("n", "4", "8Gi", 110).editSpec().withUnschedulable(true).endSpec().build());

  @Test
  void cordonedNodesAreUnschedulable() {
    Status s = filter(plugin, pod("p", null, null), cordoned);
    assertThat(s.code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
    assertThat(s.reasons()).containsExactly("node(s) were unschedulable");
    assertThat(
            filter(
                    plugin,
                    pod("p", null, null),
                    NodeInfo.of(nodeBuilder("m", "1", "1Gi", 1).build()))
                .isSuccess())
        .isTrue();
  }

  @Test
  void podsToleratingTheUnschedulableTaintMayGoThere() {
    var pod =
        podBuilder("p")
            .editSpec()
            .addToTolerations(
                new Toleration(
                    "NoSchedule", "node.kubernetes.io/unschedulable", "Exists", null, null))
            .endSpec()
            .build();
    assertThat(filter(plugin, pod, cordoned).isSuccess()).isTrue();
  }
}
