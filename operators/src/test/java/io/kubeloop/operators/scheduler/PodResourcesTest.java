package io.kubeloop.operators.scheduler;

import static io.kubeloop.operators.scheduler.Fixtures.container;
import static io.kubeloop.operators.scheduler.Fixtures.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodResourcesTest {

  @Test
  void quantitiesRoundUpAsKube() {
    assertThat(Quantities.milliValue(new Quantity("100m"))).isEqualTo(100);
    assertThat(Quantities.milliValue(new Quantity("2"))).isEqualTo(2000);
    assertThat(Quantities.milliValue(new Quantity("0.5"))).isEqualTo(500);
    assertThat(Quantities.milliValue(new Quantity("1.0001"))).isEqualTo(1001);
    assertThat(Quantities.value(new Quantity("1Ki"))).isEqualTo(1024);
    assertThat(Quantities.value(new Quantity("1G"))).isEqualTo(1_000_000_000);
    assertThat(Quantities.value(new Quantity("1500m"))).isEqualTo(2);
    assertThat(Quantities.value(new Quantity("64Mi"))).isEqualTo(64L << 20);
    assertThat(Quantities.value(new Quantity("3k"))).isEqualTo(3000);
    assertThat(Quantities.value(new Quantity("1e3"))).isEqualTo(1000);
    assertThat(Quantities.value(new Quantity("0.5Gi"))).isEqualTo(1L << 29);
    assertThat(Quantities.value(new Quantity("9Ei"))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void containersAddUpAndTheLargestInitContainerWins() {
    // kube's example: init 2cpu/1G and 2cpu/3G, containers 2cpu/1G and 1cpu/1G → 3 cpu, 3G
    Pod pod =
        podBuilder("p")
            .editSpec()
            .addToInitContainers(container("2", "1G"), container("2", "3G"))
            .addToContainers(container("2", "1G"), container("1", "1G"))
            .endSpec()
            .build();
    Resources r = PodResources.of(pod).requests();
    assertThat(r.milliCpu()).isEqualTo(3000);
    assertThat(r.memory()).isEqualTo(3_000_000_000L);
  }

  @Test
  void sidecarsKeepRunningBesideLaterStepsAndTheContainers() {
    Pod pod =
        podBuilder("p")
            .editSpec()
            .addToInitContainers(
                new ContainerBuilder(container("500m", null)).withRestartPolicy("Always").build(),
                container("2", null))
            .addToContainers(container("1", null))
            .endSpec()
            .build();
    // init step: 2 + 0.5 sidecar = 2.5; running: 1 + 0.5 = 1.5
    assertThat(PodResources.of(pod).requests().milliCpu()).isEqualTo(2500);
  }

  @Test
  void overheadIsAdded() {
    Pod pod =
        podBuilder("p")
            .editSpec()
            .addToContainers(container("1", "1Gi"))
            .withOverhead(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("120Mi")))
            .endSpec()
            .build();
    PodResources r = PodResources.of(pod);
    assertThat(r.requests().milliCpu()).isEqualTo(1250);
    assertThat(r.requests().memory()).isEqualTo((1L << 30) + (120L << 20));
    assertThat(r.nonZeroMilliCpu()).isEqualTo(1250);
  }

  @Test
  void containersWithoutRequestsCountKubesDefaultsForScoringOnly() {
    Pod pod =
        podBuilder("p")
            .editSpec()
            .addToContainers(container(null, null), container("300m", null))
            .endSpec()
            .build();
    PodResources r = PodResources.of(pod);
    assertThat(r.requests().milliCpu()).isEqualTo(300);
    assertThat(r.requests().memory()).isZero();
    assertThat(r.nonZeroMilliCpu()).isEqualTo(400);
    assertThat(r.nonZeroMemory()).isEqualTo(2 * PodResources.DEFAULT_MEMORY);
  }

  @Test
  void extendedResourcesAreScalars() {
    Pod pod =
        podBuilder("p")
            .editSpec()
            .addNewContainer()
            .withName("c")
            .withNewResources()
            .withRequests(
                Map.of(
                    "example.com/gpu", new Quantity("2"),
                    "hugepages-2Mi", new Quantity("4Mi"),
                    "storage", new Quantity("1Gi")))
            .endResources()
            .endContainer()
            .endSpec()
            .build();
    Resources r = PodResources.of(pod).requests();
    assertThat(r.scalars())
        .containsOnly(Map.entry("example.com/gpu", 2L), Map.entry("hugepages-2Mi", 4L << 20));
  }
}
