package io.kubeloop.operators.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pod lifecycle against a simulated runtime, a stepped clock and a recording API. */
class PodSyncerTest {

  @TempDir Path logs;

  private final FakeAgentClock clock = new FakeAgentClock(Instant.parse("2026-05-01T00:00:00Z"));
  private final SimulatedRuntime runtime = SimulatedRuntime.create(Duration.ofSeconds(2));
  private final List<PodStatus> writes = new ArrayList<>();
  private final List<String> deletes = new ArrayList<>();
  private final List<String> wakes = new ArrayList<>();

  private final PodSyncer.PodApi api =
      new PodSyncer.PodApi() {
        @Override
        public void writeStatus(Pod pod, PodStatus status) {
          writes.add(status);
        }

        @Override
        public void confirmDeletion(Pod pod) {
          deletes.add(pod.getMetadata().getName() + "/" + pod.getMetadata().getUid());
        }
      };

  private final EnvResolver.Sources noSources =
      new EnvResolver.Sources() {
        @Override
        public Optional<ConfigMap> configMap(String namespace, String name) {
          return Optional.empty();
        }

        @Override
        public Optional<Secret> secret(String namespace, String name) {
          return Optional.empty();
        }
      };

  private PodSyncer syncer;

  @BeforeEach
  void createSyncer() {
    syncer =
        new PodSyncer("n1", "10.1.1.1", clock, runtime, api, noSources, Map.of(), logs, wakes::add);
  }

  /** The pod as the API would have it: the spec, plus the status last written. */
  private Pod pod;

  private static Pod newPod(String restartPolicy) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("shop")
        .withUid("uid-1")
        .endMetadata()
        .withNewSpec()
        .withNodeName("n1")
        .withRestartPolicy(restartPolicy)
        .addNewContainer()
        .withName("app")
        .withImage("nginx:1.27")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Pending")
        .withQosClass("BestEffort")
        .endStatus()
        .build();
  }

  /** Syncs, then stores what was written as the API would. */
  private Optional<Duration> sync() {
    Optional<Duration> again = syncer.sync("shop", "web", pod);
    if (!writes.isEmpty()) {
      pod = new PodBuilder(pod).withStatus(writes.get(writes.size() - 1)).build();
    }
    return again;
  }

  private ContainerStatus app() {
    return pod.getStatus().getContainerStatuses().get(0);
  }

  @Test
  void aContainerIsCreatingForTheStartDelayThenRunsAndIsReady() {
    pod = newPod("Always");
    assertThat(sync()).contains(Duration.ofSeconds(2));
    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(app().getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
    assertThat(pod.getStatus().getQosClass()).isEqualTo("BestEffort");
    assertThat(pod.getStatus().getPodIP()).isEqualTo("10.1.1.1");
    assertThat(pod.getStatus().getStartTime()).isEqualTo("2026-05-01T00:00:00Z");
    assertThat(writes).hasSize(1);

    assertThat(sync()).contains(Duration.ofSeconds(2));
    assertThat(writes).as("nothing changed, nothing written").hasSize(1);

    clock.step(Duration.ofSeconds(2));
    assertThat(sync()).isEmpty();
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(app().getState().getRunning().getStartedAt()).isEqualTo("2026-05-01T00:00:02Z");
    assertThat(app().getReady()).isTrue();
    assertThat(app().getStarted()).isTrue();
    assertThat(app().getContainerID()).startsWith("kubeloop://").hasSize(11 + 64);
    assertThat(writes).hasSize(2);
    var ready =
        pod.getStatus().getConditions().stream()
            .filter(c -> c.getType().equals("Ready"))
            .findFirst();
    assertThat(ready)
        .get()
        .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2026-05-01T00:00:02Z"));

    clock.step(Duration.ofMinutes(1));
    sync();
    assertThat(writes).hasSize(2);
  }

  @Test
  void anExitedContainerRestartsAtOnceThenBacksOff() {
    pod = newPod("Always");
    sync();
    clock.step(Duration.ofSeconds(2));
    sync();
    runtime.exit("shop", "web", 1);
    assertThat(wakes).contains("shop/web");
    sync();
    assertThat(app().getRestartCount()).isEqualTo(1);
    assertThat(app().getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
    assertThat(app().getLastState().getTerminated().getExitCode()).isEqualTo(1);
    clock.step(Duration.ofSeconds(2));
    sync();
    runtime.exit("shop", "web", 1);
    Optional<Duration> again = sync();
    assertThat(app().getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(app().getState().getWaiting().getMessage())
        .isEqualTo("back-off 10s restarting failed container=app pod=web_shop(uid-1)");
    assertThat(again).contains(Duration.ofSeconds(10));
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    clock.step(Duration.ofSeconds(10));
    sync();
    assertThat(app().getRestartCount()).isEqualTo(2);
  }

  @Test
  void aNeverRestartingPodEndsInItsTerminalPhase() {
    pod = newPod("Never");
    sync();
    clock.step(Duration.ofSeconds(2));
    sync();
    runtime.exit("shop", "web", 0);
    sync();
    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(app().getState().getTerminated().getReason()).isEqualTo("Completed");
    int written = writes.size();
    clock.step(Duration.ofMinutes(10));
    assertThat(sync()).isEmpty();
    assertThat(writes).hasSize(written);
  }

  @Test
  void deletionStopsTheContainersWritesTheFinalStatusAndConfirms() {
    pod = newPod("Always");
    sync();
    clock.step(Duration.ofSeconds(2));
    sync();
    pod =
        new PodBuilder(pod)
            .editMetadata()
            .withDeletionTimestamp("2026-05-01T00:01:00Z")
            .withDeletionGracePeriodSeconds(30L)
            .endMetadata()
            .build();
    sync();
    assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(app().getState().getTerminated().getExitCode()).isEqualTo(143);
    assertThat(deletes).containsExactly("web/uid-1");
    sync();
    assertThat(deletes).hasSize(1);
    assertThat(syncer.sync("shop", "web", null)).isEmpty();
    assertThat(syncer.size()).isZero();
  }

  @Test
  void aPodCreatedAgainUnderTheSameNameStartsOver() {
    pod = newPod("Always");
    sync();
    clock.step(Duration.ofSeconds(2));
    sync();
    String first = app().getContainerID();
    pod = new PodBuilder(newPod("Always")).editMetadata().withUid("uid-2").endMetadata().build();
    sync();
    assertThat(app().getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
    assertThat(app().getContainerID()).isNotEqualTo(first);
  }
}
