package io.kubeloop.operators.scheduler;

import static io.kubeloop.operators.scheduler.Fixtures.node;
import static io.kubeloop.operators.scheduler.Fixtures.pod;
import static io.kubeloop.operators.scheduler.Fixtures.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SchedulerSimulatorTest {

  @Test
  void placesPodsUntilTheNodesAreFull() {
    SchedulerSimulator sim =
        SchedulerSimulator.create(
            List.of(node("a", "2", "4Gi"), node("b", "2", "4Gi")),
            List.of(running("x", "a", "1", "1Gi")),
            new SplittableRandom(7));
    assertThat(sim.place(pod("p1", "1", "1Gi")).node()).isEqualTo("b");
    assertThat(sim.place(pod("p2", "1", "1Gi")).scheduled()).isTrue();
    assertThat(sim.place(pod("p3", "1", "1Gi")).scheduled()).isTrue();
    SchedulerSimulator.Decision full = sim.place(pod("p4", "1", "1Gi"));
    assertThat(full.scheduled()).isFalse();
    assertThat(full.message()).isEqualTo("0/2 nodes are available: 2 Insufficient cpu.");
  }

  @Test
  void scheduleChangesNothing() {
    SchedulerSimulator sim =
        SchedulerSimulator.create(
            List.of(node("a", "1", "4Gi")), List.of(), new SplittableRandom(7));
    assertThat(sim.schedule(pod("p1", "1", "1Gi")).node()).isEqualTo("a");
    assertThat(sim.schedule(pod("p2", "1", "1Gi")).node()).isEqualTo("a");
  }

  @Test
  void rejectsUnassignedRunningPods() {
    assertThatThrownBy(
            () ->
                SchedulerSimulator.create(
                    List.of(), List.of(pod("p", "1", "1Gi")), new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default/p");
  }
}
