package io.kubeloop.operators.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import org.junit.jupiter.api.Test;

class LogSelectionTest {

  private static PodStatus status(ContainerStatusBuilder container) {
    return new PodStatusBuilder().withContainerStatuses(container.withName("c").build()).build();
  }

  @Test
  void theRunningInstanceIsReadByDefaultAndTheLastTerminatedOneWithPrevious() throws Exception {
    PodStatus status =
        status(
            new ContainerStatusBuilder()
                .withContainerID("kubeloop://new")
                .withState(new ContainerStateBuilder().withNewRunning().endRunning().build())
                .withLastState(
                    new ContainerStateBuilder()
                        .withNewTerminated()
                        .withContainerID("kubeloop://old")
                        .endTerminated()
                        .build()));
    assertThat(LogSelection.select("p", status, "c", false)).isEqualTo("new");
    assertThat(LogSelection.select("p", status, "c", true)).isEqualTo("old");
  }

  @Test
  void aCrashLoopingContainerShowsItsLastInstance() throws Exception {
    PodStatus status =
        status(
            new ContainerStatusBuilder()
                .withState(
                    new ContainerStateBuilder()
                        .withNewWaiting()
                        .withReason("CrashLoopBackOff")
                        .endWaiting()
                        .build())
                .withLastState(
                    new ContainerStateBuilder()
                        .withNewTerminated()
                        .withContainerID("kubeloop://last")
                        .endTerminated()
                        .build()));
    assertThat(LogSelection.select("p", status, "c", false)).isEqualTo("last");
  }

  @Test
  void errorsUseTheKubeletsWords() {
    PodStatus waiting =
        status(
            new ContainerStatusBuilder()
                .withState(
                    new ContainerStateBuilder()
                        .withNewWaiting()
                        .withReason("ContainerCreating")
                        .endWaiting()
                        .build()));
    assertThatThrownBy(() -> LogSelection.select("p", waiting, "c", false))
        .hasMessage("container \"c\" in pod \"p\" is waiting to start: ContainerCreating");
    assertThatThrownBy(() -> LogSelection.select("p", waiting, "c", true))
        .hasMessage("previous terminated container \"c\" in pod \"p\" not found");
    assertThatThrownBy(() -> LogSelection.select("p", waiting, "x", false))
        .hasMessage("container \"x\" in pod \"p\" is not available");
  }
}
