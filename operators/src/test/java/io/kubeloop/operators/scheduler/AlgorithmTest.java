package io.kubeloop.operators.scheduler;

import static io.kubeloop.operators.scheduler.Fixtures.node;
import static io.kubeloop.operators.scheduler.Fixtures.nodeBuilder;
import static io.kubeloop.operators.scheduler.Fixtures.pod;
import static io.kubeloop.operators.scheduler.Fixtures.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AlgorithmTest {

  private static Algorithm algorithm(long seed) {
    return new Algorithm(Framework.defaults(null), new SplittableRandom(seed), 0);
  }

  private static Snapshot snapshot(NodeInfo... nodes) {
    return Snapshot.of(List.of(nodes));
  }

  @Test
  void picksTheBestScoredNode() {
    NodeInfo small = NodeInfo.of(node("small", "2", "4Gi"));
    NodeInfo big = NodeInfo.of(node("big", "16", "32Gi"));
    var outcome = algorithm(1).schedule(pod("p", "1", "1Gi"), snapshot(small, big));
    assertThat(outcome).isEqualTo(new ScheduleOutcome.Suggested("big", 2, 2));
  }

  @Test
  void breaksTiesAtRandomButRepeatablyForASeed() {
    Snapshot s = snapshot(NodeInfo.of(node("a", "4", "8Gi")), NodeInfo.of(node("b", "4", "8Gi")));
    Set<String> chosen = new HashSet<>();
    List<String> first = new ArrayList<>();
    List<String> again = new ArrayList<>();
    Algorithm one = algorithm(42);
    Algorithm two = algorithm(42);
    for (int i = 0; i < 40; i++) {
      first.add(((ScheduleOutcome.Suggested) one.schedule(pod("p", "1", "1Gi"), s)).node());
      again.add(((ScheduleOutcome.Suggested) two.schedule(pod("p", "1", "1Gi"), s)).node());
    }
    chosen.addAll(first);
    assertThat(chosen).containsExactlyInAnyOrder("a", "b");
    assertThat(again).isEqualTo(first);
  }

  @Test
  void explainsWhyNothingFits() {
    NodeInfo cordoned =
        NodeInfo.of(
            nodeBuilder("c", "8", "8Gi", 110).editSpec().withUnschedulable(true).endSpec().build());
    NodeInfo a = NodeInfo.of(node("a", "1", "8Gi"));
    NodeInfo b = NodeInfo.of(node("b", "1", "8Gi"));
    var outcome = algorithm(1).schedule(pod("p", "2", "1Gi"), snapshot(cordoned, a, b));
    assertThat(outcome).isInstanceOf(ScheduleOutcome.Unschedulable.class);
    assertThat(((ScheduleOutcome.Unschedulable) outcome).error().message())
        .isEqualTo("0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.");
  }

  @Test
  void noNodesAtAll() {
    var outcome = algorithm(1).schedule(pod("p", "1", "1Gi"), snapshot());
    assertThat(outcome)
        .isEqualTo(
            new ScheduleOutcome.Failed(Status.unresolvable("no nodes available to schedule pods")));
  }

  @Test
  void nodesNamedByAffinityNarrowTheSearch() {
    Pod pod =
        podBuilder("p")
            .editSpec()
            .addToContainers(Fixtures.container("2", null))
            .withNewAffinity()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .withNodeSelectorTerms(
                new NodeSelectorTermBuilder()
                    .withMatchFields(
                        new NodeSelectorRequirement("metadata.name", "In", List.of("a")))
                    .build())
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .endAffinity()
            .endSpec()
            .build();
    Snapshot s =
        snapshot(
            NodeInfo.of(node("a", "1", "1Gi")),
            NodeInfo.of(node("b", "8", "8Gi")),
            NodeInfo.of(node("c", "8", "8Gi")));
    var outcome = algorithm(1).schedule(pod, s);
    assertThat(((ScheduleOutcome.Unschedulable) outcome).error().message())
        .isEqualTo(
            "0/3 nodes are available: 1 Insufficient cpu,"
                + " 2 node(s) didn't satisfy plugin(s) [NodeAffinity].");
  }

  @Test
  void adaptivePercentageOfNodesToScore() {
    Algorithm a = algorithm(1);
    assertThat(a.numFeasibleNodesToFind(50)).isEqualTo(50);
    assertThat(a.numFeasibleNodesToFind(100)).isEqualTo(100);
    assertThat(a.numFeasibleNodesToFind(1000)).isEqualTo(420);
    assertThat(a.numFeasibleNodesToFind(5000)).isEqualTo(500);
    assertThat(a.numFeasibleNodesToFind(10000)).isEqualTo(500);
    Algorithm fixed = new Algorithm(Framework.defaults(null), new SplittableRandom(1), 30);
    assertThat(fixed.numFeasibleNodesToFind(1000)).isEqualTo(300);
    assertThat(fixed.numFeasibleNodesToFind(200)).isEqualTo(100);
  }

  @Test
  void stopsFilteringOnceEnoughNodesAreFeasibleAndResumesThereNextTime() {
    List<NodeInfo> nodes = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      nodes.add(NodeInfo.of(node("n" + i, "4", "8Gi")));
    }
    Snapshot s = Snapshot.of(nodes);
    Algorithm a = algorithm(1);
    var first = (ScheduleOutcome.Suggested) a.schedule(pod("p", "1", "1Gi"), s);
    assertThat(first.evaluatedNodes()).isEqualTo(420);
    assertThat(first.feasibleNodes()).isEqualTo(420);
    int index = Integer.parseInt(first.node().substring(1));
    assertThat(index).isBetween(0, 419);
    var second = (ScheduleOutcome.Suggested) a.schedule(pod("q", "1", "1Gi"), s);
    int next = Integer.parseInt(second.node().substring(1));
    assertThat(next).isBetween(420, 839);
  }
}
