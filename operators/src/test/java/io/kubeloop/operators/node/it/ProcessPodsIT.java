package io.kubeloop.operators.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.kubeloop.operators.node.NodeAgent;
import io.kubeloop.operators.node.ProcessRuntime;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pods run as processes: completion, failure, logs through the API server, deletion. */
class ProcessPodsIT {

  static final String NODE = "proc-1";
  static final String NS = "proc";

  static Cluster cluster;
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
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      agent.close();
    }
  }

  static Pod create(String name, String restartPolicy, String... command) {
    return cluster
        .client
        .pods()
        .inNamespace(NS)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withNodeName(NODE)
                .withRestartPolicy(restartPolicy)
                .withTerminationGracePeriodSeconds(5L)
                .addNewContainer()
                .withName("main")
                .withImage("busybox:1.36")
                .withCommand(command)
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  static Pod awaitPhase(String name, String phase) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> phase.equals(cluster.pod(NS, name).getStatus().getPhase()));
    return cluster.pod(NS, name);
  }

  @Test
  void aCompletingPodSucceedsAndItsLogIsReadableThroughTheApiServer() throws Exception {
    create("hello", "Never", "sh", "-c", "echo hello; exit 0");
    Pod pod = awaitPhase("hello", "Succeeded");

    ContainerStatus main = pod.getStatus().getContainerStatuses().get(0);
    assertThat(main.getName()).isEqualTo("main");
    assertThat(main.getImage()).isEqualTo("busybox:1.36");
    assertThat(main.getContainerID()).startsWith("kubeloop://");
    assertThat(main.getReady()).isFalse();
    assertThat(main.getRestartCount()).isZero();
    var terminated = main.getState().getTerminated();
    assertThat(terminated.getExitCode()).isZero();
    assertThat(terminated.getReason()).isEqualTo("Completed");
    assertThat(terminated.getStartedAt()).isNotNull();
    assertThat(terminated.getFinishedAt()).isNotNull();
    assertThat(pod.getStatus().getHostIP()).isEqualTo("127.0.0.1");
    assertThat(pod.getStatus().getPodIP()).isEqualTo("127.0.0.1");
    assertThat(pod.getStatus().getStartTime()).isNotNull();
    assertThat(pod.getStatus().getConditions())
        .extracting(PodCondition::getType)
        .contains("Initialized", "Ready", "ContainersReady", "PodScheduled");
    assertThat(condition(pod, "Ready").getReason()).isEqualTo("PodCompleted");

    String log = cluster.client.pods().inNamespace(NS).withName("hello").getLog();
    assertThat(log).isEqualTo("hello\n");
    String stamped =
        cluster.client.pods().inNamespace(NS).withName("hello").usingTimestamps().getLog();
    assertThat(stamped).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z hello\\n");

    if (Cluster.hasKubectl()) {
      Cluster.KubectlResult result = cluster.kubectl("logs", "-n", NS, "hello");
      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out()).isEqualTo("hello\n");
      result = cluster.kubectl("logs", "-n", NS, "hello", "-c", "main", "--timestamps");
      assertThat(result.out()).endsWith("Z hello\n");
    }
  }

  @Test
  void aFailingPodFailsWithItsExitCode() {
    create("fails", "Never", "sh", "-c", "echo oops >&2; exit 3");
    Pod pod = awaitPhase("fails", "Failed");
    var terminated = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getExitCode()).isEqualTo(3);
    assertThat(terminated.getReason()).isEqualTo("Error");
    assertThat(cluster.client.pods().inNamespace(NS).withName("fails").getLog())
        .isEqualTo("oops\n");
  }

  @Test
  void aMissingProgramIsAStartError() {
    create("missing", "Never", "no-such-program-here");
    Pod pod = awaitPhase("missing", "Failed");
    var terminated = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getExitCode()).isEqualTo(128);
    assertThat(terminated.getReason()).isEqualTo("StartError");
    assertThat(terminated.getMessage())
        .isEqualTo("exec: \"no-such-program-here\": executable file not found in $PATH");
  }

  @Test
  void followingALogStreamsLinesUntilTheContainerEnds() throws Exception {
    create("counter", "Never", "sh", "-c", "for i in 1 2 3 4 5; do echo line $i; sleep 0.2; done");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "Running".equals(cluster.pod(NS, "counter").getStatus().getPhase()));
    List<String> lines = new ArrayList<>();
    try (LogWatch watch = cluster.client.pods().inNamespace(NS).withName("counter").watchLog();
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
    }
    assertThat(lines).containsExactly("line 1", "line 2", "line 3", "line 4", "line 5");
    if (Cluster.hasKubectl()) {
      Cluster.KubectlResult result = cluster.kubectl("logs", "-n", NS, "counter", "-f", "--tail=2");
      assertThat(result.out()).isEqualTo("line 4\nline 5\n");
    }
  }

  @Test
  void deletingAPodTerminatesItsProcessAndThePodGoes() throws Exception {
    Path marker = Files.createTempFile("kubeloop-term", ".txt");
    create(
        "sleeper",
        "Always",
        "sh",
        "-c",
        "trap 'echo terminated > "
            + marker
            + "; exit 0' TERM; echo started; while true; do sleep 0.1; done");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              Pod pod = cluster.pod(NS, "sleeper");
              return "Running".equals(pod.getStatus().getPhase())
                  && cluster
                      .client
                      .pods()
                      .inNamespace(NS)
                      .withName("sleeper")
                      .getLog()
                      .equals("started\n");
            });
    cluster.client.pods().inNamespace(NS).withName("sleeper").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> cluster.pod(NS, "sleeper") == null);
    assertThat(Files.readString(marker)).isEqualTo("terminated\n");
    Files.deleteIfExists(marker);
  }

  private static PodCondition condition(Pod pod, String type) {
    return pod.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElseThrow();
  }
}
