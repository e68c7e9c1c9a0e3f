package io.kubeloop.operators.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.kubeloop.operators.node.FakeAgentClock;
import io.kubeloop.operators.node.NodeAgent;
import io.kubeloop.operators.node.NodeResources;
import io.kubeloop.operators.node.SimulatedRuntime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A node registers, renews its Lease on its clock, and stops renewing when closed. */
class NodeHeartbeatIT {

  static Cluster cluster;

  @BeforeAll
  static void start() {
    cluster = Cluster.shared();
  }

  @Test
  void registersItsNodeAndRenewsItsLeaseUntilClosed() throws Exception {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    FakeAgentClock clock = new FakeAgentClock(start);
    NodeAgent agent =
        NodeAgent.builder(cluster.client)
            .name("hb-1")
            .address("127.0.0.1")
            .runtime(SimulatedRuntime.create())
            .resources(new NodeResources("8", "32Gi", "110", "200Gi"))
            .clock(clock)
            .build()
            .start();
    try {
      Node node = cluster.client.nodes().withName("hb-1").get();
      assertThat(node.getMetadata().getLabels())
          .containsEntry("kubernetes.io/hostname", "hb-1")
          .containsEntry("kubernetes.io/os", "linux")
          .containsKey("kubernetes.io/arch");
      assertThat(node.getStatus().getCapacity().get("cpu").toString()).isEqualTo("8");
      assertThat(node.getStatus().getCapacity().get("memory").toString()).isEqualTo("32Gi");
      assertThat(node.getStatus().getCapacity().get("pods").toString()).isEqualTo("110");
      assertThat(node.getStatus().getAllocatable())
          .containsKeys("cpu", "memory", "pods", "ephemeral-storage");
      assertThat(node.getStatus().getAddresses())
          .anySatisfy(
              a -> {
                assertThat(a.getType()).isEqualTo("InternalIP");
                assertThat(a.getAddress()).isEqualTo("127.0.0.1");
              });
      assertThat(node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort())
          .isEqualTo(agent.logPort());
      assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).startsWith("v1.");
      assertThat(node.getStatus().getNodeInfo().getContainerRuntimeVersion())
          .isEqualTo("kubeloop-simulated://0.1.0");
      NodeCondition ready =
          node.getStatus().getConditions().stream()
              .filter(c -> c.getType().equals("Ready"))
              .findFirst()
              .orElseThrow();
      assertThat(ready.getStatus()).isEqualTo("True");
      assertThat(ready.getReason()).isEqualTo("KubeletReady");
      assertThat(ready.getMessage()).isEqualTo("kubelet is posting ready status");

      Lease lease = lease();
      assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("hb-1");
      assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
      assertThat(lease.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.getKind()).isEqualTo("Node");
                assertThat(o.getUid()).isEqualTo(node.getMetadata().getUid());
              });
      assertThat(lease.getSpec().getRenewTime().toInstant()).isEqualTo(start);

      for (int i = 1; i <= 3; i++) {
        Instant expected = start.plusSeconds(10L * i);
        clock.step(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> renewTime().equals(expected));
      }
    } finally {
      agent.close();
    }
    Instant last = renewTime();
    clock.step(Duration.ofSeconds(60));
    Thread.sleep(500); // nothing may renew it any more; give a stray worker the chance to
    assertThat(renewTime()).isEqualTo(last);
  }

  private static Lease lease() {
    return cluster.client.leases().inNamespace("kube-node-lease").withName("hb-1").get();
  }

  private static Instant renewTime() {
    ZonedDateTime time = lease().getSpec().getRenewTime();
    return time.toInstant();
  }
}
