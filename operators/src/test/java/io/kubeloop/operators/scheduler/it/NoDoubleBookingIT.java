package io.kubeloop.operators.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubeloop.operators.scheduler.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many pods created at once race for a few tight nodes: binding is asynchronous, yet no node ever
 * gets more than it can hold, because each cycle assumes its pod before the next starts.
 */
class NoDoubleBookingIT {

  static final Duration WAIT = Duration.ofSeconds(90);
  static final String NS = "race";

  static Cluster cluster;
  static Scheduler scheduler;

  @BeforeAll
  static void start() {
    cluster = Cluster.start();
    cluster.namespace(NS);
    for (String n : List.of("tight-a", "tight-b", "tight-c")) {
      cluster.node(n, "4", "64Gi");
    }
    scheduler = Scheduler.builder(cluster.client).random(new SplittableRandom(5)).build().start();
    await().atMost(WAIT).until(scheduler::isSynced);
  }

  @AfterAll
  static void stop() {
    scheduler.close();
    cluster.close();
  }

  @Test
  void neverBooksANodeBeyondItsAllocatable() throws Exception {
    int pods = 60;
    try (ExecutorService creators = Executors.newFixedThreadPool(8)) {
      List<Future<Pod>> created = new ArrayList<>();
      for (int i = 0; i < pods; i++) {
        String name = "p-" + i;
        created.add(creators.submit(() -> cluster.pod(NS, name, "1", "1Gi")));
      }
      for (Future<Pod> f : created) {
        f.get();
      }
    }
    // 12 fit (3 nodes × 4 cpu); every other pod ends unschedulable
    await()
        .atMost(WAIT)
        .until(
            () -> {
              List<Pod> all = cluster.client.pods().inNamespace(NS).list().getItems();
              long bound = all.stream().filter(p -> p.getSpec().getNodeName() != null).count();
              long refused =
                  all.stream()
                      .filter(p -> p.getSpec().getNodeName() == null)
                      .filter(
                          p ->
                              p.getStatus().getConditions().stream()
                                  .anyMatch(
                                      c ->
                                          c.getType().equals("PodScheduled")
                                              && "Unschedulable".equals(c.getReason())))
                      .count();
              return bound == 12 && refused == pods - 12;
            });
    Map<String, Long> perNode =
        cluster.client.pods().inNamespace(NS).list().getItems().stream()
            .filter(p -> p.getSpec().getNodeName() != null)
            .collect(Collectors.groupingBy(p -> p.getSpec().getNodeName(), Collectors.counting()));
    assertThat(perNode)
        .containsOnly(Map.entry("tight-a", 4L), Map.entry("tight-b", 4L), Map.entry("tight-c", 4L));

    // freeing room lets exactly that many more in
    List<Pod> onA =
        cluster.client.pods().inNamespace(NS).list().getItems().stream()
            .filter(p -> "tight-a".equals(p.getSpec().getNodeName()))
            .limit(2)
            .toList();
    for (Pod p : onA) {
      cluster
          .client
          .pods()
          .inNamespace(NS)
          .withName(p.getMetadata().getName())
          .withGracePeriod(0)
          .delete();
    }
    await()
        .atMost(WAIT)
        .until(
            () ->
                cluster.client.pods().inNamespace(NS).list().getItems().stream()
                        .filter(p -> "tight-a".equals(p.getSpec().getNodeName()))
                        .count()
                    == 4);
    long bound =
        cluster.client.pods().inNamespace(NS).list().getItems().stream()
            .filter(p -> p.getSpec().getNodeName() != null)
            .count();
    assertThat(bound).isEqualTo(12);
  }
}
