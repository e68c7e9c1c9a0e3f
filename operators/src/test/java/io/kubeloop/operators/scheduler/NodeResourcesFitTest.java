package io.kubeloop.operators.scheduler;

import static io.kubeloop.operators.scheduler.Fixtures.filter;
import static io.kubeloop.operators.scheduler.Fixtures.node;
import static io.kubeloop.operators.scheduler.Fixtures.nodeBuilder;
import static io.kubeloop.operators.scheduler.Fixtures.pod;
import static io.kubeloop.operators.scheduler.Fixtures.podBuilder;
import static io.kubeloop.operators.scheduler.Fixtures.score;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeResourcesFitTest {

  private final NodeResourcesFit fit = new NodeResourcesFit();

  private static NodeInfo withPods(NodeInfo node, Pod... pods) {
    NodeInfo n = node;
    for (Pod p : pods) {
      n = n.withPod(PodResources.of(p));
    }
    return n;
  }

  @Test
  void fitsWhatIsLeft() {
    NodeInfo node = withPods(NodeInfo.of(node("n", "2", "4Gi")), pod("a", "1500m", "1Gi"));
    assertThat(filter(fit, pod("p", "500m", "3Gi"), node).isSuccess()).isTrue();
  }

  @Test
  void reportsEveryInsufficientResource() {
    NodeInfo node = withPods(NodeInfo.of(node("n", "2", "4Gi")), pod("a", "1500m", "3Gi"));
    Status s = filter(fit, pod("p", "1", "2Gi"), node);
    assertThat(s.code()).isEqualTo(Status.Code.UNSCHEDULABLE);
    assertThat(s.reasons()).containsExactly("Insufficient cpu", "Insufficient memory");
  }

  @Test
  void requestsLargerThanTheWholeNodeAreUnresolvable() {
    Status s = filter(fit, pod("p", "3", "1Gi"), NodeInfo.of(node("n", "2", "4Gi")));
    assertThat(s.code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
    assertThat(s.reasons()).containsExactly("Insufficient cpu");
  }

  @Test
  void countsPods() {
    NodeInfo node =
        withPods(NodeInfo.of(nodeBuilder("n", "8", "8Gi", 1).build()), pod("a", null, null));
    Status s = filter(fit, pod("p", null, null), node);
    assertThat(s.reasons()).containsExactly("Too many pods");
    // a pod without requests needs no more than a pod slot
    assertThat(filter(fit, pod("p", null, null), NodeInfo.of(node("m", "0", "0"))).isSuccess())
        .isTrue();
  }

  @Test
  void checksEphemeralStorageAndExtendedResources() {
    NodeInfo node =
        NodeInfo.of(
            nodeBuilder("n", "8", "8Gi", 10)
                .editStatus()
                .addToAllocatable("ephemeral-storage", new Quantity("10Gi"))
                .addToAllocatable("example.com/gpu", new Quantity("1"))
                .endStatus()
                .build());
    Pod pod =
        podBuilder("p")
            .editSpec()
            .addNewContainer()
            .withName("c")
            .withNewResources()
            .withRequests(
                Map.of(
                    "ephemeral-storage", new Quantity("20Gi"),
                    "example.com/gpu", new Quantity("2"),
                    "example.com/fpga", new Quantity("1")))
            .endResources()
            .endContainer()
            .endSpec()
            .build();
    assertThat(filter(fit, pod, node).reasons())
        .containsExactly(
            "Insufficient ephemeral-storage",
            "Insufficient example.com/fpga",
            "Insufficient example.com/gpu");
  }

  @Test
  void leastAllocatedFavoursTheEmptierNode() {
    // cpu: (4000-3000)*100/4000 = 25, memory: (10000-5000)*100/10000 = 50 → 37
    NodeInfo a = NodeInfo.of(node("a", "4", "10000"));
    // cpu: (6000-3000)*100/6000 = 50, memory 50 → 50
    NodeInfo b = NodeInfo.of(node("b", "6", "10000"));
    assertThat(score(fit, pod("p", "3", "5000"), a, b)).containsExactly(37, 50);
  }

  @Test
  void leastAllocatedCountsDefaultsForPodsWithoutRequests() {
    long mem = 4L << 30;
    NodeInfo node = NodeInfo.of(node("n", "1", Long.toString(mem)));
    long expectedCpu = (1000 - 100) * 100 / 1000;
    long expectedMem = (mem - PodResources.DEFAULT_MEMORY) * 100 / mem;
    assertThat(score(fit, pod("p", null, null), node))
        .containsExactly((expectedCpu + expectedMem) / 2);
  }

  @Test
  void leastAllocatedIsZeroWhenOverCommitted() {
    NodeInfo node = withPods(NodeInfo.of(node("n", "1", "1Gi")), pod("a", "2", "2Gi"));
    assertThat(score(fit, pod("p", "1", "1Gi"), node)).containsExactly(0);
  }
}
