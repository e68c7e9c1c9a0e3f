package io.kubeloop.operators.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.kubeloop.operators.scheduler.Scheduler;
import io.kubeloop.workqueue.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pods are bound to nodes they fit; the rest are reported and retried when the cluster grows. */
class SchedulingIT {

  static final Duration WAIT = Duration.ofSeconds(60);

  static Cluster cluster;
  Scheduler scheduler;
  SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeAll
  static void startCluster() {
    cluster = Cluster.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @AfterEach
  void stopScheduler() {
    if (scheduler != null) {
      scheduler.close();
    }
    cluster.deleteAllPods();
    cluster.deleteAllNodes();
  }

  private void startScheduler() {
    startScheduler(io.kubeloop.workqueue.Clock.system());
  }

  private void startScheduler(io.kubeloop.workqueue.Clock clock) {
    scheduler =
        Scheduler.builder(cluster.client)
            .clock(clock)
            .random(new SplittableRandom(1))
            .meterRegistry(registry)
            .build()
            .start();
    await().atMost(WAIT).until(scheduler::isSynced);
  }

  @Test
  void bindsPodsToNodesWhereTheyFit() {
    cluster.namespace("fit");
    cluster.node("fit-small", "1", "2Gi");
    cluster.node("fit-big", "8", "16Gi");
    startScheduler();

    cluster.pod("fit", "needs-big", "4", "1Gi");
    for (int i = 0; i < 10; i++) {
      cluster.pod("fit", "small-" + i, "100m", "64Mi");
    }
    await().atMost(WAIT).until(() -> "fit-big".equals(cluster.nodeOf("fit", "needs-big")));
    for (int i = 0; i < 10; i++) {
      String name = "small-" + i;
      await().atMost(WAIT).until(() -> cluster.nodeOf("fit", name) != null);
    }
    Pod bound = cluster.get("fit", "needs-big");
    assertThat(bound.getStatus().getConditions())
        .anyMatch(c -> c.getType().equals("PodScheduled") && c.getStatus().equals("True"));

    await()
        .atMost(WAIT)
        .until(
            () ->
                cluster.events("fit", "needs-big").stream()
                    .anyMatch(e -> "Scheduled".equals(e.getReason())));
    Event event =
        cluster.events("fit", "needs-big").stream()
            .filter(e -> "Scheduled".equals(e.getReason()))
            .findFirst()
            .orElseThrow();
    assertThat(event.getType()).isEqualTo("Normal");
    assertThat(event.getMessage()).isEqualTo("Successfully assigned fit/needs-big to fit-big");
    assertThat(event.getSource().getComponent()).isEqualTo("default-scheduler");
    assertThat(event.getInvolvedObject().getUid()).isEqualTo(bound.getMetadata().getUid());

    assertThat(
            registry
                .get("scheduler.schedule.attempts")
                .tag("result", "scheduled")
                .counter()
                .count())
        .isEqualTo(11);
    assertThat(registry.get("scheduler.pending.pods").tag("queue", "active").gauge().value())
        .isZero();
  }

  @Test
  void unschedulablePodIsReportedAndScheduledOnceANodeIsAdded() {
    cluster.namespace("grow");
    cluster.node("grow-a", "1", "2Gi");
    cluster.node("grow-b", "1", "2Gi");
    startScheduler();

    cluster.pod("grow", "big", "2", "1Gi");
    String message = "0/2 nodes are available: 2 Insufficient cpu.";
    await()
        .atMost(WAIT)
        .until(
            () ->
                cluster
                    .scheduledCondition("grow", "big")
                    .filter(c -> "False".equals(c.getStatus()))
                    .isPresent());
    PodCondition condition = cluster.scheduledCondition("grow", "big").orElseThrow();
    assertThat(condition.getReason()).isEqualTo("Unschedulable");
    assertThat(condition.getMessage()).isEqualTo(message);
    assertThat(condition.getLastTransitionTime()).isNotBlank();

    await()
        .atMost(WAIT)
        .until(
            () ->
                cluster.events("grow", "big").stream()
                    .anyMatch(e -> "FailedScheduling".equals(e.getReason())));
    Event failed =
        cluster.events("grow", "big").stream()
            .filter(e -> "FailedScheduling".equals(e.getReason()))
            .findFirst()
            .orElseThrow();
    assertThat(failed.getType()).isEqualTo("Warning");
    assertThat(failed.getMessage()).isEqualTo(message);
    assertThat(
            registry
                .get("scheduler.schedule.attempts")
                .tag("result", "unschedulable")
                .counter()
                .count())
        .isGreaterThanOrEqualTo(1);

    cluster.node("grow-c", "4", "8Gi");
    await().atMost(WAIT).until(() -> "grow-c".equals(cluster.nodeOf("grow", "big")));
  }

  @Test
  void podsOfOtherSchedulersAreLeftAloneAndAssignedPodsUseResources() {
    cluster.namespace("mixed");
    cluster.node("mixed-a", "2", "4Gi");
    cluster.create(
        new PodBuilder(Cluster.podBuilder("mixed", "pre", "1500m", "1Gi").build())
            .editSpec()
            .withNodeName("mixed-a")
            .endSpec()
            .build());
    cluster.create(
        new PodBuilder(Cluster.podBuilder("mixed", "other", "100m", null).build())
            .editSpec()
            .withSchedulerName("someone-else")
            .endSpec()
            .build());
    startScheduler();

    cluster.pod("mixed", "too-big", "1", null);
    cluster.pod("mixed", "fits", "500m", null);
    await().atMost(WAIT).until(() -> "mixed-a".equals(cluster.nodeOf("mixed", "fits")));
    await()
        .atMost(WAIT)
        .until(
            () ->
                cluster
                    .scheduledCondition("mixed", "too-big")
                    .map(PodCondition::getMessage)
                    .filter("0/1 nodes are available: 1 Insufficient cpu."::equals)
                    .isPresent());
    // the pods were handled in order, so the other scheduler's pod has been seen and skipped
    assertThat(cluster.nodeOf("mixed", "other")).isNull();
    assertThat(cluster.scheduledCondition("mixed", "other").map(PodCondition::getStatus))
        .isNotEqualTo(java.util.Optional.of("False"));
    List<Event> events = cluster.events("mixed", "other");
    assertThat(events).isEmpty();
  }

  @Test
  void unschedulablePodsAreRetriedAfterFiveMinutesAtMost() {
    FakeClock clock = new FakeClock();
    cluster.namespace("later");
    cluster.node("later-a", "1", "2Gi");
    startScheduler(clock);

    cluster.pod("later", "big", "2", "1Gi");
    await()
        .atMost(WAIT)
        .until(
            () ->
                unschedulableAttempts() == 1
                    && cluster.scheduledCondition("later", "big").isPresent());
    // nothing in the cluster changes; the pod waits in the unschedulable pool until the periodic
    // flush finds it there for 5 minutes
    clock.step(Duration.ofMinutes(4));
    clock.step(Duration.ofMinutes(2));
    await().atMost(WAIT).until(() -> unschedulableAttempts() == 2);
    assertThat(cluster.nodeOf("later", "big")).isNull();
  }

  private double unschedulableAttempts() {
    return registry
        .get("scheduler.schedule.attempts")
        .tag("result", "unschedulable")
        .counter()
        .count();
  }
}
