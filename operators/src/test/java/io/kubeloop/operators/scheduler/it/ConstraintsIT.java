package io.kubeloop.operators.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.kubeloop.operators.scheduler.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Node selectors, required and preferred node affinity, taints and cordoned nodes. */
class ConstraintsIT {

  static final Duration WAIT = Duration.ofSeconds(60);
  static final String NS = "constraints";

  static Cluster cluster;
  static Scheduler scheduler;

  @BeforeAll
  static void start() {
    cluster = Cluster.start();
    cluster.namespace(NS);
    cluster.node("ssd", "4", "8Gi", b -> b.editMetadata().addToLabels("disk", "ssd").endMetadata());
    cluster.node("hdd", "4", "8Gi", b -> b.editMetadata().addToLabels("disk", "hdd").endMetadata());
    cluster.node(
        "tainted",
        "4",
        "8Gi",
        b ->
            b.editMetadata()
                .addToLabels("disk", "ssd")
                .endMetadata()
                .editSpec()
                .withTaints(new Taint("NoSchedule", "dedicated", null, "gpu"))
                .endSpec());
    cluster.node(
        "cordoned",
        "4",
        "8Gi",
        b ->
            b.editMetadata()
                .addToLabels("disk", "ssd")
                .endMetadata()
                .editSpec()
                .withUnschedulable(true)
                .endSpec());
    scheduler = Scheduler.builder(cluster.client).random(new SplittableRandom(3)).build().start();
    await().atMost(WAIT).until(scheduler::isSynced);
  }

  @AfterAll
  static void stop() {
    scheduler.close();
    cluster.close();
  }

  private static PodBuilder pod(String name) {
    return Cluster.podBuilder(NS, name, "100m", "64Mi");
  }

  private static String awaitNode(String name) {
    await().atMost(WAIT).until(() -> cluster.nodeOf(NS, name) != null);
    return cluster.nodeOf(NS, name);
  }

  @Test
  void nodeSelectorAvoidsTaintedAndCordonedNodes() {
    for (int i = 0; i < 5; i++) {
      cluster.create(
          pod("ssd-" + i).editSpec().withNodeSelector(Map.of("disk", "ssd")).endSpec().build());
    }
    for (int i = 0; i < 5; i++) {
      assertThat(awaitNode("ssd-" + i)).isEqualTo("ssd");
    }
  }

  @Test
  void requiredAffinityWithNotIn() {
    cluster.create(
        pod("not-ssd")
            .editSpec()
            .withNewAffinity()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .withNodeSelectorTerms(
                new NodeSelectorTermBuilder()
                    .withMatchExpressions(
                        new NodeSelectorRequirement("disk", "NotIn", List.of("ssd")))
                    .build())
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .endAffinity()
            .endSpec()
            .build());
    assertThat(awaitNode("not-ssd")).isEqualTo("hdd");
  }

  @Test
  void tolerationOpensTheTaintedNodeAndMatchFieldsPicksIt() {
    cluster.create(
        pod("gpu")
            .editSpec()
            .withTolerations(new Toleration("NoSchedule", "dedicated", "Equal", null, "gpu"))
            .withNewAffinity()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .withNodeSelectorTerms(
                new NodeSelectorTermBuilder()
                    .withMatchFields(
                        new NodeSelectorRequirement("metadata.name", "In", List.of("tainted")))
                    .build())
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .endAffinity()
            .endSpec()
            .build());
    assertThat(awaitNode("gpu")).isEqualTo("tainted");
  }

  @Test
  void preferredAffinityWins() {
    cluster.create(
        pod("likes-hdd")
            .editSpec()
            .withNewAffinity()
            .withNewNodeAffinity()
            .withPreferredDuringSchedulingIgnoredDuringExecution(
                new PreferredSchedulingTerm(
                    new NodeSelectorTermBuilder()
                        .withMatchExpressions(
                            new NodeSelectorRequirement("disk", "In", List.of("hdd")))
                        .build(),
                    100))
            .endNodeAffinity()
            .endAffinity()
            .endSpec()
            .build());
    assertThat(awaitNode("likes-hdd")).isEqualTo("hdd");
  }

  @Test
  void noMatchingNodeIsExplainedNodeByNode() {
    cluster.create(
        pod("nowhere").editSpec().withNodeSelector(Map.of("disk", "tape")).endSpec().build());
    await()
        .atMost(WAIT)
        .until(
            () ->
                cluster
                    .scheduledCondition(NS, "nowhere")
                    .map(PodCondition::getMessage)
                    .isPresent());
    assertThat(cluster.scheduledCondition(NS, "nowhere").orElseThrow().getMessage())
        .isEqualTo(
            "0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu},"
                + " 1 node(s) were unschedulable,"
                + " 2 node(s) didn't match Pod's node affinity/selector.");
  }
}
