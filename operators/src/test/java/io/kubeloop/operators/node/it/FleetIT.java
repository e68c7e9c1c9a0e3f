package io.kubeloop.operators.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kubeloop.operators.node.FakeAgentClock;
import io.kubeloop.operators.node.NodeFleet;
import io.kubeloop.operators.node.SimulatedRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Many simulated nodes in one JVM, over one client and one pod informer. */
class FleetIT {

  static final String NS = "fleet";
  static final int NODES = Integer.getInteger("fleet.nodes", 20);
  static final int PODS_PER_NODE = Integer.getInteger("fleet.podsPerNode", 5);

  @Test
  void simulatedNodesRunTheirPodsAndCompleteThemOnRequest() throws Exception {
    Cluster cluster = Cluster.shared();
    cluster.namespace(NS);
    // the first burst of parallel requests pays for connections and warm-up: not the fleet's cost
    try (ExecutorService warmUp = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 64; i++) {
        warmUp.submit(() -> cluster.client.namespaces().withName(NS).get());
      }
    }
    long heapBefore = usedHeap();
    FakeAgentClock clock = new FakeAgentClock(Instant.now());
    SimulatedRuntime runtime = SimulatedRuntime.create(Duration.ofSeconds(1));
    long t0 = System.nanoTime();
    try (NodeFleet fleet =
        NodeFleet.builder(cluster.client)
            .namePrefix("sim-")
            .size(NODES)
            .runtime(runtime)
            .clock(clock)
            .build()
            .start()) {
      long registered = System.nanoTime();
      List<Node> nodes =
          cluster.client.nodes().list().getItems().stream()
              .filter(n -> n.getMetadata().getName().startsWith("sim-"))
              .toList();
      assertThat(nodes).hasSize(NODES);
      assertThat(
              cluster.client.leases().inNamespace("kube-node-lease").list().getItems().stream()
                  .filter(l -> l.getMetadata().getName().startsWith("sim-"))
                  .count())
          .isEqualTo(NODES);

      int total = NODES * PODS_PER_NODE;
      try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
        for (int i = 0; i < total; i++) {
          String name = "p-" + i;
          String node = "sim-" + (i % NODES);
          executor.submit(
              () ->
                  cluster
                      .client
                      .pods()
                      .inNamespace(NS)
                      .resource(
                          new PodBuilder()
                              .withNewMetadata()
                              .withName(name)
                              .endMetadata()
                              .withNewSpec()
                              .withNodeName(node)
                              .withRestartPolicy("Never")
                              .addNewContainer()
                              .withName("app")
                              .withImage("nginx")
                              .endContainer()
                              .endSpec()
                              .build())
                      .create());
        }
      }
      long created = System.nanoTime();
      // while the start delay has not passed on the agents' clock, containers are being created
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> count("ContainerCreating") == total);
      assertThat(phases()).containsOnlyKeys("Pending");
      clock.step(Duration.ofSeconds(1));
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> phases().getOrDefault("Running", 0L) == total);
      long running = System.nanoTime();
      long heapAfter = usedHeap();
      System.out.printf(
          "fleet: %d nodes registered in %d ms; %d pods created in %d ms; all Running %d ms after"
              + " the start delay passed; heap of the fleet and its pods (and the API server's"
              + " objects, same JVM) %d KiB, %d KiB per node%n",
          NODES,
          (registered - t0) / 1_000_000,
          total,
          (created - registered) / 1_000_000,
          (running - created) / 1_000_000,
          (heapAfter - heapBefore) / 1024,
          (heapAfter - heapBefore) / 1024 / NODES);
      assertThat(fleet.podCount()).isEqualTo(total);

      cluster
          .client
          .pods()
          .inNamespace(NS)
          .withName("p-0")
          .edit(
              p ->
                  new PodBuilder(p)
                      .editMetadata()
                      .addToAnnotations(SimulatedRuntime.EXIT_CODE_ANNOTATION, "0")
                      .endMetadata()
                      .build());
      runtime.exit(NS, "p-1", 3);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  "Succeeded".equals(cluster.pod(NS, "p-0").getStatus().getPhase())
                      && "Failed".equals(cluster.pod(NS, "p-1").getStatus().getPhase()));
      assertThat(
              cluster
                  .pod(NS, "p-1")
                  .getStatus()
                  .getContainerStatuses()
                  .get(0)
                  .getState()
                  .getTerminated()
                  .getExitCode())
          .isEqualTo(3);

      cluster.client.pods().inNamespace(NS).delete();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> cluster.client.pods().inNamespace(NS).list().getItems().isEmpty());
    }
  }

  /** Heap in use after a full collection (approximate: System.gc is a request). */
  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static Map<String, Long> phases() {
    return cluster().client.pods().inNamespace(NS).list().getItems().stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                p -> p.getStatus().getPhase(), java.util.stream.Collectors.counting()));
  }

  private static long count(String waitingReason) {
    return cluster().client.pods().inNamespace(NS).list().getItems().stream()
        .filter(p -> !p.getStatus().getContainerStatuses().isEmpty())
        .map(p -> p.getStatus().getContainerStatuses().get(0).getState().getWaiting())
        .filter(w -> w != null && waitingReason.equals(w.getReason()))
        .count();
  }

  private static Cluster cluster() {
    return Cluster.shared();
  }
}
