package io.kubeloop.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.runtime.LeaderElectionOptions;
import io.kubeloop.runtime.Manager;
import io.kubeloop.runtime.Result;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two managers campaign for one Lease: only the leader reconciles; a graceful stop hands over
 * within a retry period; a leader cut off from the API server stops itself and the other takes over
 * once the lease expires.
 */
class LeaderElectionIT {

  static Cluster cluster;
  final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startCluster() {
    cluster = Cluster.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable r : resources.reversed()) {
      r.close();
    }
  }

  /** A manager with its own client, whose controller records who reconciled what. */
  private Manager manager(
      KubernetesClient client,
      String ns,
      LeaderElectionOptions election,
      List<String> log,
      Runnable onLost) {
    resources.add(client);
    var builder =
        Manager.builder(client)
            .leaderElection(election)
            .gracefulShutdownTimeout(Duration.ofSeconds(5))
            .httpAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .configureInformers(
                b -> b.defaultOptions(InformerOptions.defaults().withNamespaces(ns)));
    if (onLost != null) {
      builder.onLeadershipLost(onLost);
    }
    Manager manager = builder.build();
    resources.add(manager);
    manager
        .controller(ConfigMap.class)
        .complete(
            request -> {
              log.add(election.identity() + " " + request.name());
              return Result.done();
            });
    return manager;
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

  private static Lease lease(String ns, String name) {
    return cluster.client.resources(Lease.class).inNamespace(ns).withName(name).get();
  }

  @Test
  void onlyTheLeaderReconcilesAndAGracefulStopHandsOverAtOnce() throws Exception {
    String ns = "le-graceful";
    cluster.namespace(ns);
    // a 10 s lease: a takeover within ~1 s can only come from the release
    LeaderElectionOptions base =
        LeaderElectionOptions.of("graceful")
            .withLeaseNamespace(ns)
            .withTiming(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMillis(200));
    List<String> reconciled = new CopyOnWriteArrayList<>();
    Manager a = manager(cluster.newClient(null), ns, base.withIdentity("a"), reconciled, null);
    Manager b = manager(cluster.newClient(null), ns, base.withIdentity("b"), reconciled, null);

    a.start();
    await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
    b.start();
    configMap(ns, "one");
    await().atMost(Duration.ofSeconds(10)).until(() -> reconciled.contains("a one"));
    // b is a standby: caches synced and ready, but not leading and reconciling nothing
    assertThat(b.isLeader()).isFalse();
    assertThat(Http.status(b, "/readyz")).isEqualTo(200);
    assertThat(Http.status(b, "/healthz")).isEqualTo(200);
    assertThat(reconciled).noneMatch(s -> s.startsWith("b "));
    assertThat(lease(ns, "graceful").getSpec().getHolderIdentity()).isEqualTo("a");

    long stop = System.nanoTime();
    a.close();
    // the release freed the lease before close() returned
    assertThat(lease(ns, "graceful").getSpec().getHolderIdentity()).isNotEqualTo("a");
    await().atMost(Duration.ofSeconds(5)).until(b::isLeader);
    long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stop);
    System.out.printf("graceful handover took %d ms (retry period 200 ms)%n", takeoverMillis);
    // a standby retries every 200-440 ms; the 10 s lease did not have to expire
    assertThat(takeoverMillis).isLessThan(3_000);
    // the new leader reconciles everything once: its handlers replay the cache
    await().atMost(Duration.ofSeconds(10)).until(() -> reconciled.contains("b one"));
    Lease lease = lease(ns, "graceful");
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("b");
    assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(10);
  }

  @Test
  void aLeaderCutOffStopsItselfAndTheStandbyTakesOverWhenTheLeaseExpires() throws Exception {
    String ns = "le-kill";
    cluster.namespace(ns);
    LeaderElectionOptions base =
        LeaderElectionOptions.of("kill")
            .withLeaseNamespace(ns)
            .withTiming(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(200));
    List<String> reconciled = new CopyOnWriteArrayList<>();
    CuttableProxy proxy = new CuttableProxy(cluster.server.port());
    resources.add(proxy);
    CountDownLatch aLost = new CountDownLatch(1);
    Manager a =
        manager(
            cluster.newClient(proxy.url()),
            ns,
            base.withIdentity("a"),
            reconciled,
            aLost::countDown);
    Manager b = manager(cluster.newClient(null), ns, base.withIdentity("b"), reconciled, null);

    AtomicReference<Throwable> aRun = new AtomicReference<>();
    Thread runner =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    a.run();
                  } catch (Throwable t) {
                    aRun.set(t);
                  }
                });
    await().atMost(Duration.ofSeconds(10)).until(a::isLeader);
    b.start();
    configMap(ns, "one");
    await().atMost(Duration.ofSeconds(10)).until(() -> reconciled.contains("a one"));

    // a dies as far as the cluster can tell: no renewal, no release
    long cut = System.nanoTime();
    proxy.cut();
    assertThat(b.isLeader()).isFalse(); // the lease was renewed < 3 s ago

    // a notices within its renew deadline and stops everything
    assertThat(aLost.await(10, TimeUnit.SECONDS)).isTrue();
    long lostMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut);
    assertThat(a.isLeader()).isFalse();
    runner.join(Duration.ofSeconds(5));
    assertThat(aRun.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("leader election lost");
    // its liveness probe fails, so a process that ignores the callback is restarted
    assertThat(Http.get(a, "/healthz").status()).isEqualTo(500);
    assertThat(Http.get(a, "/healthz").body())
        .contains("[-]leader-election failed: leadership lost");
    assertThat(Http.status(a, "/readyz")).isEqualTo(500);

    await().atMost(Duration.ofSeconds(10)).until(b::isLeader);
    long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut);
    System.out.printf(
        "cut-off leader stopped after %d ms (renew deadline 2 s); standby took over after %d ms"
            + " (lease 3 s)%n",
        lostMillis, takeoverMillis);
    // the lease had to expire: not before ~3 s after the last renewal (at most 200 ms before the
    // cut)
    assertThat(takeoverMillis).isGreaterThanOrEqualTo(2_500);
    await().atMost(Duration.ofSeconds(10)).until(() -> reconciled.contains("b one"));
    assertThat(lease(ns, "kill").getSpec().getHolderIdentity()).isEqualTo("b");
    assertThat(lease(ns, "kill").getSpec().getLeaseTransitions()).isEqualTo(1);
  }
}
