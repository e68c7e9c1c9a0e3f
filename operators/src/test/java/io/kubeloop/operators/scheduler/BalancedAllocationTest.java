package io.kubeloop.operators.scheduler;

import static io.kubeloop.operators.scheduler.Fixtures.node;
import static io.kubeloop.operators.scheduler.Fixtures.pod;
import static io.kubeloop.operators.scheduler.Fixtures.score;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BalancedAllocationTest {

  private final BalancedAllocation balanced = new BalancedAllocation();

  @Test
  void favoursNodesWhereCpuAndMemoryEndUpEquallyUsed() {
    // kube's test: pod 3000m/5000 on 4000m/10000 → fractions 0.75/0.5, std 0.125 → 87;
    // on 6000m/10000 → 0.5/0.5 → 100
    NodeInfo a = NodeInfo.of(node("a", "4", "10000"));
    NodeInfo b = NodeInfo.of(node("b", "6", "10000"));
    assertThat(score(balanced, pod("p", "3", "5000"), a, b)).containsExactly(87, 100);
  }

  @Test
  void countsPodsAlreadyOnTheNodeAndCapsFractionsAtOne() {
    NodeInfo a = NodeInfo.of(node("a", "4", "10000")).withPod(PodResources.of(pod("x", "4", "0")));
    // cpu fraction (4000+1000)/4000 → capped 1.0, memory 1000/10000 = 0.1 → std 0.45 → 55
    assertThat(score(balanced, pod("p", "1", "1000"), a)).containsExactly(55);
  }

  @Test
  void skipsPodsThatRequestNothing() {
    NodeInfo a = NodeInfo.of(node("a", "4", "10000"));
    CycleState state = new CycleState();
    assertThat(balanced.preScore(state, pod("p", null, null), java.util.List.of(a)).isSkip())
        .isTrue();
  }
}
