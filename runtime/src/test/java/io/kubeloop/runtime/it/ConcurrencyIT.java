package io.kubeloop.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.runtime.Manager;
import io.kubeloop.runtime.Request;
import io.kubeloop.runtime.Result;
import io.kubeloop.workqueue.RateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Eight workers reconcile many requests in parallel, but never one request twice at once. */
class ConcurrencyIT {

  static final int KEYS = 16;
  static final int ROUNDS = 20;

  static Cluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = Cluster.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void oneRequestIsNeverReconciledByTwoWorkersAtOnce() throws Exception {
    String ns = "conc";
    cluster.namespace(ns);
    for (int i = 0; i < KEYS; i++) {
      cluster
          .client
          .configMaps()
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withNamespace(ns)
                  .withName("cm-" + i)
                  .endMetadata()
                  .addToData("v", "0")
                  .build())
          .create();
    }
    Map<Request, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    Map<Request, AtomicInteger> rounds = new ConcurrentHashMap<>();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();

    try (Manager manager =
        Manager.builder(cluster.client)
            .configureInformers(
                b -> b.defaultOptions(InformerOptions.defaults().withNamespaces(ns)))
            .build()) {
      manager
          .controller(ConfigMap.class)
          .workers(8)
          .rateLimiter(RateLimiter.exponentialFailure(Duration.ofMillis(1), Duration.ofMillis(2)))
          .complete(
              request -> {
                if (inFlight.computeIfAbsent(request, r -> new AtomicInteger()).incrementAndGet()
                    > 1) {
                  overlaps.incrementAndGet();
                }
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                  Thread.sleep(2); // widen the window in which a second worker could join
                } finally {
                  running.decrementAndGet();
                  inFlight.get(request).decrementAndGet();
                }
                int round =
                    rounds.computeIfAbsent(request, r -> new AtomicInteger()).incrementAndGet();
                return round < ROUNDS ? Result.requeue() : Result.done();
              });
      manager.start();
      // events for the same objects while they are being processed: the queue's dirty path
      for (int v = 1; v <= 3; v++) {
        for (int i = 0; i < KEYS; i++) {
          cluster
              .client
              .configMaps()
              .inNamespace(ns)
              .withName("cm-" + i)
              .edit(c -> new ConfigMapBuilder(c).addToData("v", "x").build());
        }
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  rounds.size() == KEYS
                      && rounds.values().stream().allMatch(n -> n.get() >= ROUNDS));
    }
    assertThat(overlaps.get()).isZero();
    // and the workers did run in parallel, or the check above would prove nothing
    assertThat(maxRunning.get()).isGreaterThan(1);
  }
}
