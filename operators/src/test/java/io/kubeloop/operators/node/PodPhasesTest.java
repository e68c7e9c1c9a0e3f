package io.kubeloop.operators.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodPhasesTest {

  private static PodSpec spec(String restartPolicy, String... containers) {
    PodSpecBuilder builder = new PodSpecBuilder().withRestartPolicy(restartPolicy);
    for (String c : containers) {
      builder.addNewContainer().withName(c).endContainer();
    }
    return builder.build();
  }

  private static ContainerStatus running(String name) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withState(new ContainerStateBuilder().withNewRunning().endRunning().build())
        .build();
  }

  private static ContainerStatus exited(String name, int code) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withState(
            new ContainerStateBuilder()
                .withNewTerminated()
                .withExitCode(code)
                .endTerminated()
                .build())
        .build();
  }

  private static ContainerStatus waiting(String name, boolean ranBefore) {
    ContainerStatusBuilder builder =
        new ContainerStatusBuilder()
            .withName(name)
            .withState(
                new ContainerStateBuilder().withNewWaiting().withReason("X").endWaiting().build());
    if (ranBefore) {
      builder.withLastState(
          new ContainerStateBuilder().withNewTerminated().withExitCode(1).endTerminated().build());
    }
    return builder.build();
  }

  @Test
  void phasesFollowTheKubeletsTable() {
    assertThat(PodPhases.phase(spec("Never", "a"), List.of(waiting("a", false)), false))
        .isEqualTo("Pending");
    assertThat(
            PodPhases.phase(spec("Never", "a", "b"), List.of(running("a"), exited("b", 0)), false))
        .isEqualTo("Running");
    assertThat(
            PodPhases.phase(
                spec("Never", "a", "b"), List.of(exited("a", 0), exited("b", 0)), false))
        .isEqualTo("Succeeded");
    assertThat(
            PodPhases.phase(
                spec("Never", "a", "b"), List.of(exited("a", 0), exited("b", 2)), false))
        .isEqualTo("Failed");
    assertThat(PodPhases.phase(spec("Always", "a"), List.of(exited("a", 0)), false))
        .isEqualTo("Running");
    assertThat(PodPhases.phase(spec("Always", "a"), List.of(exited("a", 137)), true))
        .isEqualTo("Failed");
    assertThat(PodPhases.phase(spec("OnFailure", "a"), List.of(waiting("a", true)), false))
        .isEqualTo("Running");
    assertThat(PodPhases.phase(spec("OnFailure", "a"), List.of(exited("a", 0)), false))
        .isEqualTo("Succeeded");
    assertThat(PodPhases.phase(spec("Always", "a"), List.of(), false)).isEqualTo("Pending");
  }

  @Test
  void aFailedInitContainerFailsOnlyANeverRestartingPod() {
    PodSpec never =
        new PodSpecBuilder(spec("Never", "a"))
            .addNewInitContainer()
            .withName("i")
            .endInitContainer()
            .build();
    PodSpec always =
        new PodSpecBuilder(spec("Always", "a"))
            .addNewInitContainer()
            .withName("i")
            .endInitContainer()
            .build();
    List<ContainerStatus> statuses = List.of(exited("i", 1), waiting("a", false));
    assertThat(PodPhases.phase(never, statuses, false)).isEqualTo("Failed");
    assertThat(PodPhases.phase(always, statuses, false)).isEqualTo("Pending");
    assertThat(PodPhases.initialized(always, statuses, "Pending").getMessage())
        .isEqualTo("containers with incomplete status: [i]");
  }

  @Test
  void readinessConditionsNameTheUnreadyContainers() {
    PodSpec spec = spec("Always", "a", "b");
    ContainerStatus a = running("a");
    a.setReady(true);
    ContainerStatus b = running("b");
    b.setReady(false);
    var ready = PodPhases.ready(spec, List.of(a, b), "Running", List.of());
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("ContainersNotReady");
    assertThat(ready.getMessage()).isEqualTo("containers with unready status: [b]");
    b.setReady(true);
    assertThat(PodPhases.ready(spec, List.of(a, b), "Running", List.of()).getStatus())
        .isEqualTo("True");
    assertThat(PodPhases.containersReady(spec, List.of(a, b), "Succeeded").getReason())
        .isEqualTo("PodCompleted");
    PodSpec gated =
        new PodSpecBuilder(spec)
            .addNewReadinessGate()
            .withConditionType("lb")
            .endReadinessGate()
            .build();
    assertThat(PodPhases.ready(gated, List.of(a, b), "Running", List.of()).getMessage())
        .isEqualTo("corresponding condition of pod readiness gate \"lb\" does not exist.");
  }
}
