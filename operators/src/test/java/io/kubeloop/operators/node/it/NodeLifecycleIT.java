package io.kubeloop.operators.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.kubeloop.operators.node.FakeAgentClock;
import io.kubeloop.operators.node.NodeAgent;
import io.kubeloop.operators.node.NodeLifecycleController;
import io.kubeloop.operators.node.SimulatedRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A stopped agent's node goes Unknown and is tainted; a returning agent makes it Ready again. */
class NodeLifecycleIT {

  static final String NODE = "life-1";

  private static NodeAgent agent(Cluster cluster) {
    return NodeAgent.builder(cluster.client)
        .name(NODE)
        .address("127.0.0.1")
        .runtime(SimulatedRuntime.create())
        .build()
        .start();
  }

  private static Optional<NodeCondition> ready(Cluster cluster) {
    Node node = cluster.client.nodes().withName(NODE).get();
    return node.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals("Ready"))
        .findFirst();
  }

  private static List<String> taints(Cluster cluster) {
    Node node = cluster.client.nodes().withName(NODE).get();
    return node.getSpec().getTaints().stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
  }

  @Test
  void aSilentNodeIsMarkedUnknownAndTaintedUntilItsAgentReturns() {
    Cluster cluster = Cluster.shared();
    FakeAgentClock clock = new FakeAgentClock(Instant.now());
    try (NodeLifecycleController controller =
        NodeLifecycleController.builder(cluster.client).clock(clock).build().start()) {
      NodeAgent first = agent(cluster);
      assertThat(ready(cluster)).get().extracting(NodeCondition::getStatus).isEqualTo("True");
      // the controller sees the node's heartbeat, then time passes without one
      clock.step(Duration.ofSeconds(5));
      first.close();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                clock.step(Duration.ofSeconds(5));
                return "Unknown".equals(ready(cluster).map(NodeCondition::getStatus).orElse(""));
              });
      NodeCondition unknown = ready(cluster).orElseThrow();
      assertThat(unknown.getReason()).isEqualTo("NodeStatusUnknown");
      assertThat(unknown.getMessage()).isEqualTo("Kubelet stopped posting node status.");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                clock.step(Duration.ofSeconds(5));
                return taints(cluster)
                    .containsAll(
                        List.of(
                            "node.kubernetes.io/unreachable:NoSchedule",
                            "node.kubernetes.io/unreachable:NoExecute"));
              });
      Taint noExecute =
          cluster.client.nodes().withName(NODE).get().getSpec().getTaints().stream()
              .filter(t -> t.getEffect().equals("NoExecute"))
              .findFirst()
              .orElseThrow();
      assertThat(noExecute.getTimeAdded()).isNotNull();

      try (NodeAgent second = agent(cluster)) {
        assertThat(ready(cluster)).get().extracting(NodeCondition::getStatus).isEqualTo("True");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  clock.step(Duration.ofSeconds(5));
                  return taints(cluster).isEmpty();
                });
      }
    }
  }
}
