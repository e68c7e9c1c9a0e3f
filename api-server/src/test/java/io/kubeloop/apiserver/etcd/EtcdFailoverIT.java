package io.kubeloop.apiserver.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.Client;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kubeloop.apiserver.KubeApiServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures: an etcd member, an API server, all of etcd, and everything at once. */
class EtcdFailoverIT {

  @TempDir Path dir;
  EtcdFixture fixture;
  KubeApiServer a;
  KubeApiServer b;
  KubernetesClient clientA;
  KubernetesClient clientB;

  @BeforeEach
  void start() {
    fixture = EtcdFixture.start(dir, 3);
    a = fixture.startServer();
    b = fixture.startServer();
    clientA = fixture.client(a);
    clientB = fixture.client(b);
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void killingTheEtcdLeaderDuringAWriteStormLosesNoAcknowledgedWrite() throws Exception {
    Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger afterKill = new AtomicInteger();
    int writers = 8;
    int leader = leader();
    var killed = new java.util.concurrent.atomic.AtomicBoolean();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new java.util.ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; afterKill.get() < 200 && System.nanoTime() < deadline; i++) {
                    String name = "storm-" + writer + "-" + i;
                    KubernetesClient via = i % 2 == 0 ? clientA : clientB;
                    try {
                      ConfigMap cm =
                          via.configMaps()
                              .resource(EtcdClusterIT.configMap(name, "storm", "x"))
                              .create();
                      acknowledged.put(name, EtcdClusterIT.rv(cm));
                      if (killed.get()) {
                        afterKill.incrementAndGet();
                      }
                    } catch (KubernetesClientException e) {
                      failed.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 150);
      fixture.etcd.kill(leader);
      killed.set(true);
      for (Future<?> f : done) {
        f.get();
      }
    }
    assertThat(afterKill.get())
        .as("writes acknowledged after the kill")
        .isGreaterThanOrEqualTo(200);
    for (KubernetesClient client : List.of(clientA, clientB)) {
      Map<String, Long> stored =
          client
              .configMaps()
              .inNamespace("default")
              .withLabel("test", "storm")
              .list()
              .getItems()
              .stream()
              .collect(Collectors.toMap(c -> c.getMetadata().getName(), EtcdClusterIT::rv));
      assertThat(stored).containsAllEntriesOf(acknowledged);
    }
    // the killed member comes back and catches up
    fixture.etcd.restart(leader);
    try (Client only = Client.builder().endpoints(fixture.etcd.clientUrls().get(leader)).build()) {
      long count =
          only.getKVClient()
              .get(
                  io.etcd.jetcd.ByteSequence.from(
                      "/registry/core/configmaps/default/storm-",
                      java.nio.charset.StandardCharsets.UTF_8),
                  io.etcd.jetcd.options.GetOption.builder()
                      .isPrefix(true)
                      .withCountOnly(true)
                      .build())
              .get(10, TimeUnit.SECONDS)
              .getCount();
      assertThat(count).isGreaterThanOrEqualTo(acknowledged.size());
    }
    System.out.printf(
        "write storm: %d acknowledged (%d after the leader was killed), %d failed%n",
        acknowledged.size(), afterKill.get(), failed.get());
  }

  /** The index of the member that leads the etcd cluster now. */
  private int leader() throws Exception {
    List<URI> urls = fixture.etcd.clientUrls();
    try (Client client = Client.builder().endpoints(urls.get(0)).build()) {
      for (int i = 0; i < urls.size(); i++) {
        var status =
            client
                .getMaintenanceClient()
                .statusMember(urls.get(i).toString().replace("http://", ""))
                .get(10, TimeUnit.SECONDS);
        if (status.getHeader().getMemberId() == status.getLeader()) {
          return i;
        }
      }
    }
    throw new AssertionError("no leader");
  }

  @Test
  void stoppingOneApiServerLeavesClientsOfTheOtherUnaffected() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    String start =
        clientB.configMaps().inNamespace("default").list().getMetadata().getResourceVersion();
    try (var watch =
        clientB
            .configMaps()
            .inNamespace("default")
            .withLabel("test", "survivor")
            .watch(new ListOptionsBuilder().withResourceVersion(start).build(), names(seen))) {
      clientA.configMaps().resource(EtcdClusterIT.configMap("before", "survivor", "x")).create();
      fixture.stop(a);
      assertThat(
              catchThrowableOfType(
                  KubernetesClientException.class,
                  () -> clientA.configMaps().inNamespace("default").list()))
          .as("the stopped server answers no more")
          .isNotNull();
      clientB.configMaps().resource(EtcdClusterIT.configMap("after", "survivor", "x")).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 2);
      assertThat(seen).containsExactly("before", "after");
      assertThat(clientB.configMaps().inNamespace("default").withName("before").get()).isNotNull();
    }
  }

  private static Watcher<ConfigMap> names(List<String> seen) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        seen.add(resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  @Test
  void etcdDownAnswers503WithinSecondsAndServiceResumesAfterwards() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    String start =
        clientB.configMaps().inNamespace("default").list().getMetadata().getResourceVersion();
    try (var watch =
        clientB
            .configMaps()
            .inNamespace("default")
            .withLabel("test", "outage")
            .watch(new ListOptionsBuilder().withResourceVersion(start).build(), names(seen))) {
      for (int i = 0; i < fixture.etcd.size(); i++) {
        fixture.etcd.kill(i);
      }
      long started = System.nanoTime();
      KubernetesClientException write =
          catchThrowableOfType(
              KubernetesClientException.class,
              () ->
                  clientA
                      .configMaps()
                      .resource(EtcdClusterIT.configMap("down", "outage", "x"))
                      .create());
      KubernetesClientException read =
          catchThrowableOfType(
              KubernetesClientException.class,
              () -> clientA.configMaps().inNamespace("default").withName("anything").get());
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(write).isNotNull();
      assertThat(write.getCode()).isIn(503, 504);
      assertThat(write.getStatus().getKind()).isEqualTo("Status");
      assertThat(read).isNotNull();
      assertThat(read.getCode()).isIn(503, 504);
      assertThat(took).as("no hang while etcd is down").isLessThan(Duration.ofSeconds(20));

      fixture.etcd.restartAll();
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () ->
                  clientA
                          .configMaps()
                          .resource(EtcdClusterIT.configMap("back", "outage", "x"))
                          .create()
                      != null);
      // the watch opened before the outage goes on: the server reopened its etcd watch
      await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("back"));
    }
  }

  @Test
  void restartingEverythingKeepsTheState() {
    ConfigMap kept =
        clientA.configMaps().resource(EtcdClusterIT.configMap("kept", "restart", "1")).create();
    fixture.stop(a);
    fixture.stop(b);
    for (int i = 0; i < fixture.etcd.size(); i++) {
      fixture.etcd.kill(i);
    }
    fixture.etcd.restartAll();
    KubeApiServer c = fixture.startServer();
    KubeApiServer d = fixture.startServer();
    KubernetesClient clientC = fixture.client(c);
    KubernetesClient clientD = fixture.client(d);

    ConfigMap read = clientD.configMaps().inNamespace("default").withName("kept").get();
    assertThat(read.getMetadata().getResourceVersion())
        .isEqualTo(kept.getMetadata().getResourceVersion());
    assertThat(read.getMetadata().getUid()).isEqualTo(kept.getMetadata().getUid());
    ConfigMap next =
        clientC.configMaps().resource(EtcdClusterIT.configMap("next", "restart", "2")).create();
    assertThat(EtcdClusterIT.rv(next)).isGreaterThan(EtcdClusterIT.rv(kept));
    assertThat(
            clientD
                .configMaps()
                .inNamespace("default")
                .withLabel("test", "restart")
                .list()
                .getItems())
        .extracting(cm -> cm.getMetadata().getName())
        .containsExactly("kept", "next");
  }
}
