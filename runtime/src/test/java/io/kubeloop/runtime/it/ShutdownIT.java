package io.kubeloop.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.runtime.Manager;
import io.kubeloop.runtime.Result;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Graceful shutdown, and the probes through a manager's life. */
class ShutdownIT {

  static Cluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = Cluster.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  private static void configMap(String ns, String name) {
    cluster
        .client
        .configMaps()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName(name)
                .endMetadata()
                .build())
        .create();
  }

  private static Manager manager(String ns, Duration gracefulTimeout) {
    return Manager.builder(cluster.client)
        .gracefulShutdownTimeout(gracefulTimeout)
        .httpAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .configureInformers(b -> b.defaultOptions(InformerOptions.defaults().withNamespaces(ns)))
        .build();
  }

  @Test
  void closeWaitsForTheReconcileInFlightAndTakesNoNewWork() throws Exception {
    String ns = "drain";
    cluster.namespace(ns);
    CountDownLatch inSlow = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger order = new AtomicInteger();
    AtomicInteger slowFinishedAt = new AtomicInteger();
    List<String> reconciled = new CopyOnWriteArrayList<>();

    Manager manager = manager(ns, Duration.ofSeconds(30));
    manager
        .controller(ConfigMap.class)
        .workers(1)
        .complete(
            request -> {
              reconciled.add(request.name());
              if (request.name().equals("slow")) {
                inSlow.countDown();
                release.await();
                slowFinishedAt.set(order.incrementAndGet());
              }
              return Result.done();
            });
    manager.start();
    assertThat(Http.status(manager, "/readyz")).isEqualTo(200);
    assertThat(Http.status(manager, "/healthz")).isEqualTo(200);

    configMap(ns, "slow");
    assertThat(inSlow.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    AtomicInteger closedAt = new AtomicInteger();
    Thread closer =
        Thread.ofVirtual()
            .start(
                () -> {
                  manager.close();
                  closedAt.set(order.incrementAndGet());
                });
    // stopping: not ready any more, still alive
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Http.get(manager, "/readyz?verbose")
                    .body()
                    .contains("[-]manager failed: stopping"));
    assertThat(Http.status(manager, "/healthz")).isEqualTo(200);
    // close() has stopped the queue and waits for the worker
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> closer.getState() == Thread.State.TIMED_WAITING);
    // work arriving now waits behind the only worker, which is busy, and is dropped after it
    configMap(ns, "late");
    assertThat(closer.isAlive()).isTrue();

    release.countDown();
    closer.join(Duration.ofSeconds(10));
    assertThat(closer.isAlive()).isFalse();
    assertThat(slowFinishedAt.get()).isPositive().isLessThan(closedAt.get());
    assertThat(reconciled).containsExactly("slow");
    // the endpoint is gone with the manager
    assertThatThrownBy(() -> Http.get(manager, "/healthz"))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void closeInterruptsReconcilesStillRunningAfterTheGracePeriod() throws Exception {
    String ns = "timeout";
    cluster.namespace(ns);
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Manager manager = manager(ns, Duration.ofMillis(300));
    manager
        .controller(ConfigMap.class)
        .complete(
            request -> {
              started.countDown();
              try {
                new CountDownLatch(1).await(); // stuck
              } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
              }
              return Result.done();
            });
    manager.start();
    configMap(ns, "stuck");
    assertThat(started.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    manager.close();
    await().atMost(Duration.ofSeconds(5)).untilTrue(interrupted);
  }

  @Test
  void aManagerStartsOnceAndClosesIdempotently() throws Exception {
    String ns = "lifecycle";
    cluster.namespace(ns);
    Manager manager = manager(ns, Duration.ofSeconds(1));
    manager.controller(ConfigMap.class).complete(r -> Result.done());
    assertThat(manager.httpAddress()).isEmpty();
    manager.start();
    assertThat(manager.httpAddress()).isPresent();
    assertThat(Http.get(manager, "/readyz?verbose").body())
        .contains("[+]informers-synced ok")
        .contains("readyz check passed");
    assertThat(Http.status(manager, "/nothing")).isEqualTo(404);
    assertThatThrownBy(manager::start).isInstanceOf(IllegalStateException.class);
    manager.close();
    manager.close();
    assertThat(manager.isLeader()).isFalse();
    // added to a running manager a controller starts on its own (LateControllerIT); not once closed
    assertThatThrownBy(
            () -> manager.controller(ConfigMap.class).name("late").complete(r -> Result.done()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the manager is stopped");
  }

  @Test
  void duplicateControllerNamesAreRejected() {
    Manager manager = Manager.builder(cluster.client).build();
    try {
      manager.controller(ConfigMap.class).complete(r -> Result.done());
      assertThatThrownBy(() -> manager.controller(ConfigMap.class).complete(r -> Result.done()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("already has a controller named 'configmap'");
    } finally {
      manager.close();
    }
  }
}
