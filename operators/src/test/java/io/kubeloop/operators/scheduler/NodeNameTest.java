package io.kubeloop.operators.scheduler;

import static io.kubeloop.operators.scheduler.Fixtures.filter;
import static io.kubeloop.operators.scheduler.Fixtures.node;
import static io.kubeloop.operators.scheduler.Fixtures.pod;
import static io.kubeloop.operators.scheduler.Fixtures.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeNameTest {

  private final NodeName plugin = new NodeName();

  @Test
  void onlyTheNamedNodeFits() {
    var pod = podBuilder("p").editSpec().withNodeName("b").endSpec().build();
    assertThat(filter(plugin, pod, NodeInfo.of(node("b", "1", "1Gi"))).isSuccess()).isTrue();
    Status s = filter(plugin, pod, NodeInfo.of(node("a", "1", "1Gi")));
    assertThat(s.code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
    assertThat(s.reasons()).containsExactly("node(s) didn't match the requested node name");
  }

  @Test
  void podsNamingNoNodeFitAnywhere() {
    assertThat(filter(plugin, pod("p", null, null), NodeInfo.of(node("a", "1", "1Gi"))).isSuccess())
        .isTrue();
  }
}
