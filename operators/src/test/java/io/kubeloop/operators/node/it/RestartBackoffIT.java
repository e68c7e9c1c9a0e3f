package io.kubeloop.operators.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubeloop.operators.node.FakeAgentClock;
import io.kubeloop.operators.node.NodeAgent;
import io.kubeloop.operators.node.ProcessRuntime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Restart policies, crash-loop back-off on a stepped clock, init containers. */
class RestartBackoffIT {

  static final String NODE = "restart-1";
  static final String NS = "restart";

  static Cluster cluster;
  static FakeAgentClock clock = new FakeAgentClock(Instant.now());
  static NodeAgent agent;

  @BeforeAll
  static void start() {
    cluster = Cluster.shared();
    cluster.namespace(NS);
    agent =
        NodeAgent.builder(cluster.client)
            .name(NODE)
            .address("127.0.0.1")
            .runtime(ProcessRuntime.create())
            .clock(clock)
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      agent.close();
    }
  }

  private static PodBuilder pod(String name, String restartPolicy, String script) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withNodeName(NODE)
        .withRestartPolicy(restartPolicy)
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .withCommand("sh", "-c", script)
        .endContainer()
        .endSpec();
  }

  /** The pod's one container's status; an empty one before the agent wrote any. */
  private static ContainerStatus main(String name) {
    Pod pod = cluster.pod(NS, name);
    if (pod == null || pod.getStatus().getContainerStatuses().isEmpty()) {
      return new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
          .withRestartCount(-1)
          .withNewState()
          .endState()
          .build();
    }
    return pod.getStatus().getContainerStatuses().get(0);
  }

  @Test
  void alwaysRestartsAFailingContainerWithAGrowingBackOff() {
    Pod created =
        cluster
            .client
            .pods()
            .inNamespace(NS)
            .resource(pod("crash", "Always", "echo attempt; exit 1").build())
            .create();
    String uid = created.getMetadata().getUid();
    // the first restart is immediate, the second waits 10 s
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              ContainerStatus s = main("crash");
              return s.getRestartCount() == 1 && s.getState().getWaiting() != null;
            });
    ContainerStatus status = main("crash");
    assertThat(status.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(status.getState().getWaiting().getMessage())
        .isEqualTo("back-off 10s restarting failed container=main pod=crash_restart(" + uid + ")");
    assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(status.getReady()).isFalse();
    Pod pod = cluster.pod(NS, "crash");
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(
            pod.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("ContainersReady"))
                .findFirst()
                .orElseThrow()
                .getMessage())
        .isEqualTo("containers with unready status: [main]");
    // logs of the last terminated instance, and of the one before it
    assertThat(cluster.client.pods().inNamespace(NS).withName("crash").getLog())
        .isEqualTo("attempt\n");
    assertThat(cluster.client.pods().inNamespace(NS).withName("crash").terminated().getLog())
        .isEqualTo("attempt\n");

    clock.step(Duration.ofSeconds(9));
    assertThat(main("crash").getRestartCount()).isEqualTo(1);
    clock.step(Duration.ofSeconds(1));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              ContainerStatus s = main("crash");
              return s.getRestartCount() == 2 && s.getState().getWaiting() != null;
            });
    assertThat(main("crash").getState().getWaiting().getMessage()).startsWith("back-off 20s ");
    clock.step(Duration.ofSeconds(20));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              ContainerStatus s = main("crash");
              return s.getRestartCount() == 3 && s.getState().getWaiting() != null;
            });
    assertThat(main("crash").getState().getWaiting().getMessage()).startsWith("back-off 40s ");
    if (Cluster.hasKubectl()) {
      try {
        Cluster.KubectlResult result = cluster.kubectl("logs", "-n", NS, "crash", "--previous");
        assertThat(result.out()).isEqualTo("attempt\n");
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    cluster.client.pods().inNamespace(NS).withName("crash").delete();
  }

  @Test
  void onFailureLeavesACompletedContainerAlone() {
    cluster
        .client
        .pods()
        .inNamespace(NS)
        .resource(pod("once", "OnFailure", "echo done").build())
        .create();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "Succeeded".equals(cluster.pod(NS, "once").getStatus().getPhase()));
    assertThat(main("once").getRestartCount()).isZero();
  }

  @Test
  void initContainersRunFirstInOrder() {
    Pod spec =
        pod("init", "Never", "echo main")
            .editSpec()
            .addNewInitContainer()
            .withName("first")
            .withImage("busybox")
            .withCommand("sh", "-c", "echo first")
            .endInitContainer()
            .addNewInitContainer()
            .withName("second")
            .withImage("busybox")
            .withCommand("sh", "-c", "echo second")
            .endInitContainer()
            .endSpec()
            .build();
    cluster.client.pods().inNamespace(NS).resource(spec).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "Succeeded".equals(cluster.pod(NS, "init").getStatus().getPhase()));
    Pod pod = cluster.pod(NS, "init");
    var first = pod.getStatus().getInitContainerStatuses().get(0).getState().getTerminated();
    var second = pod.getStatus().getInitContainerStatuses().get(1).getState().getTerminated();
    var main = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(first.getExitCode()).isZero();
    assertThat(second.getExitCode()).isZero();
    assertThat(main.getExitCode()).isZero();
    assertThat(
            cluster.client.pods().inNamespace(NS).withName("init").inContainer("second").getLog())
        .isEqualTo("second\n");
  }

  @Test
  void aFailedInitContainerFailsANeverRestartingPod() {
    Pod spec =
        pod("badinit", "Never", "echo main")
            .editSpec()
            .addNewInitContainer()
            .withName("setup")
            .withImage("busybox")
            .withCommand("sh", "-c", "exit 7")
            .endInitContainer()
            .endSpec()
            .build();
    cluster.client.pods().inNamespace(NS).resource(spec).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "Failed".equals(cluster.pod(NS, "badinit").getStatus().getPhase()));
    Pod pod = cluster.pod(NS, "badinit");
    assertThat(
            pod.getStatus()
                .getInitContainerStatuses()
                .get(0)
                .getState()
                .getTerminated()
                .getExitCode())
        .isEqualTo(7);
    assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
        .isEqualTo("PodInitializing");
  }
}
