package io.kubeloop.operators.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.kubeloop.operators.node.FakeAgentClock;
import io.kubeloop.operators.node.NodeAgent;
import io.kubeloop.operators.node.ProcessRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exec readiness and liveness probes on a stepped clock. */
class ProbesIT {

  static final String NODE = "probes-1";
  static final String NS = "probes";

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

  private static Probe exec(String command, int failureThreshold) {
    return new ProbeBuilder()
        .withNewExec()
        .withCommand("sh", "-c", command)
        .endExec()
        .withPeriodSeconds(1)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static Pod pod(String name, Probe readiness, Probe liveness) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withNodeName(NODE)
        .withTerminationGracePeriodSeconds(1L)
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .withCommand("sh", "-c", "echo up; while true; do sleep 0.1; done")
        .withReadinessProbe(readiness)
        .withLivenessProbe(liveness)
        .endContainer()
        .endSpec()
        .build();
  }

  private static ContainerStatus main(String name) {
    Pod pod = cluster.pod(NS, name);
    return pod.getStatus().getContainerStatuses().isEmpty()
        ? null
        : pod.getStatus().getContainerStatuses().get(0);
  }

  /** Steps the agent's clock a second at a time until {@code condition} holds. */
  private static void stepUntil(Callable<Boolean> condition) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (condition.call()) {
                return true;
              }
              clock.step(Duration.ofSeconds(1));
              return false;
            });
  }

  @Test
  void aReadinessProbeDecidesWhenTheContainerIsReady() throws Exception {
    Path marker = Files.createTempDirectory("kubeloop-ready").resolve("ready");
    cluster
        .client
        .pods()
        .inNamespace(NS)
        .resource(pod("ready", exec("test -f " + marker, 1), null))
        .create();
    stepUntil(
        () -> {
          ContainerStatus s = main("ready");
          return s != null && s.getState().getRunning() != null;
        });
    clock.step(Duration.ofSeconds(3));
    Thread.sleep(300); // probes ran (and failed): the container must not be ready
    assertThat(main("ready").getReady()).isFalse();
    Files.writeString(marker, "yes");
    stepUntil(() -> main("ready").getReady());
    Pod pod = cluster.pod(NS, "ready");
    assertThat(
            pod.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready"))
                .findFirst()
                .orElseThrow()
                .getStatus())
        .isEqualTo("True");
    Files.delete(marker);
    stepUntil(() -> !main("ready").getReady());
  }

  @Test
  void aFailingLivenessProbeRestartsTheContainer() {
    cluster.client.pods().inNamespace(NS).resource(pod("live", null, exec("exit 1", 2))).create();
    stepUntil(
        () -> {
          ContainerStatus s = main("live");
          return s != null && s.getRestartCount() >= 1;
        });
    ContainerStatus status = main("live");
    assertThat(status.getLastState().getTerminated().getExitCode()).isIn(137, 143);
  }
}
