package io.kubeloop.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubeloop.apiserver.storage.etcd.EtcdOptions;
import io.kubeloop.apiserver.storage.etcd.EtcdStorage;
import io.kubeloop.apiserver.storage.etcd.LocalEtcdCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract against a one-member etcd started for this class. Each test gets a store in
 * a namespace of its own; revisions are the cluster's, so tests count them from {@link #base}. TTL
 * tests use etcd's own clock (leases of one second) instead of the fake clock.
 */
class EtcdStorageIT extends StorageContractTest {

  @TempDir static Path dir;
  private static LocalEtcdCluster etcd;
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  @BeforeAll
  static void startEtcd() {
    Path binary = LocalEtcdCluster.findBinary().orElse(null);
    Assumptions.assumeTrue(
        binary != null, "etcd not found: run tools/install-etcd.sh (or pass -Dkubeloop.etcd=)");
    etcd = LocalEtcdCluster.start(binary, 1, dir.resolve("etcd"));
  }

  @AfterAll
  static void stopEtcd() {
    if (etcd != null) {
      etcd.close();
    }
  }

  static EtcdOptions options() {
    return etcd.options().withNamespace("/it-" + NAMESPACES.incrementAndGet());
  }

  @Override
  protected Storage open(StorageOptions options) {
    return EtcdStorage.open(options(), options);
  }

  @Override
  protected int expireDue(Storage store) {
    throw new UnsupportedOperationException("etcd expires leases itself");
  }

  @Test
  @Override
  void keysExpireAfterTheirTtlAsDeleteEvents() throws Exception {
    EventCollector collector = new EventCollector();
    try (Watch watch = store.watch("", base, collector)) {
      store.create("/ttl/a", bytes("a"), 1); // 1
      KeyValue b = store.create("/ttl/b", bytes("b"), 1); // 2
      store.create("/ttl/forever", bytes("f"), 0); // 3
      store.update("/ttl/b", b.modRevision(), bytes("b2"), 0); // 4: clears b's expiry

      List<Event> events = collector.await(5);
      assertThat(events.get(4))
          .extracting(Event::type, e -> e.kv().key(), e -> text(e.kv()), e -> text(e.prevKv()))
          .containsExactly(Event.Type.DELETE, "/ttl/a", "a", "a");
      assertThat(events.get(4).revision()).isEqualTo(r(5));
      assertThat(keys(store.range("/ttl/", null, 0, 0))).containsExactly("/ttl/b", "/ttl/forever");
    }
  }

  @Test
  @Override
  void backgroundSweepExpiresKeys() throws Exception {
    EventCollector collector = new EventCollector();
    try (Watch watch = store.watch("", base, collector)) {
      KeyValue t = store.create("/t", bytes("1"), 1);
      store.update("/t", t.modRevision(), bytes("2"), 1); // a rewrite keeps a TTL
      assertThat(collector.await(3))
          .extracting(Event::type, e -> e.kv().key())
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(Event.Type.PUT, "/t"),
              org.assertj.core.groups.Tuple.tuple(Event.Type.PUT, "/t"),
              org.assertj.core.groups.Tuple.tuple(Event.Type.DELETE, "/t"));
    }
  }

  @Test
  @Override
  void recreatedKeyDoesNotInheritOldExpiry() {
    EventCollector collector = new EventCollector();
    try (Watch watch = store.watch("/", base, collector)) {
      store.create("/t", bytes("1"), 1);
      store.delete("/t", 0);
      store.create("/t", bytes("2"), 0);
      // granted after /t's lease with the same TTL: once it is gone, /t's old lease has expired
      store.create("/u", bytes("u"), 1);
      List<Event> events = awaitEvents(collector, 5);
      assertThat(events.get(4)).extracting(Event::type).isEqualTo(Event.Type.DELETE);
      assertThat(events.get(4).kv().key()).isEqualTo("/u");
      assertThat(store.get("/t").map(StorageContractTest::text)).contains("2");
    }
  }

  private static List<Event> awaitEvents(EventCollector collector, int n) {
    try {
      return collector.await(n);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void watchFromBeforeTheRecentEventsReadsEtcdHistory() throws Exception {
    store.close();
    store =
        EtcdStorage.open(options().withRecentEvents(4), new StorageOptions(clock, Duration.ZERO));
    base = store.currentRevision();
    for (int i = 0; i < 12; i++) {
      store.create("/h/" + i, bytes(Integer.toString(i)), 0);
    }
    store.create("/other", bytes("x"), 0); // 13
    EventCollector collector = new EventCollector();
    try (Watch watch = store.watch("/h/", r(2), collector)) {
      store.create("/h/live", bytes("live"), 0); // 14
      List<Event> events = collector.await(11);
      assertThat(events)
          .extracting(Event::revision)
          .containsExactly(r(3), r(4), r(5), r(6), r(7), r(8), r(9), r(10), r(11), r(12), r(14));
    }
  }

  @Test
  void storesSharingANamespaceSeeEachOthersWritesInOneRevisionOrder() throws Exception {
    EtcdOptions shared = options();
    try (EtcdStorage a = EtcdStorage.open(shared);
        EtcdStorage b = EtcdStorage.open(shared)) {
      long start = a.currentRevision();
      EventCollector fromB = new EventCollector();
      try (Watch watch = b.watch("/s/", start, fromB)) {
        KeyValue one = a.create("/s/1", bytes("a"), 0);
        KeyValue two = b.create("/s/2", bytes("b"), 0);
        a.update("/s/2", two.modRevision(), bytes("b2"), 0);
        assertThat(b.get("/s/1")).contains(one);
        assertThatThrownBy(() -> b.update("/s/2", two.modRevision(), bytes("late"), 0))
            .isInstanceOf(RevisionMismatchException.class);
        assertThat(fromB.await(3))
            .extracting(Event::revision)
            .containsExactly(start + 1, start + 2, start + 3);
      }
    }
  }

  @Test
  void compactionByAnotherStoreIsLearnedFromEtcd() {
    EtcdOptions shared = options();
    try (EtcdStorage a = EtcdStorage.open(shared);
        EtcdStorage b = EtcdStorage.open(shared)) {
      KeyValue x = a.create("/c/x", bytes("1"), 0);
      a.update("/c/x", x.modRevision(), bytes("2"), 0);
      long now = a.currentRevision();
      a.compact(now);
      assertThatThrownBy(() -> b.range("/c/", null, 0, x.modRevision()))
          .isInstanceOf(CompactedException.class);
      assertThat(b.compactedRevision()).isGreaterThanOrEqualTo(x.modRevision());
    }
  }

  @Test
  void unreachableEtcdFailsFastWithUnavailable() {
    EtcdOptions nowhere =
        EtcdOptions.of("http://127.0.0.1:1").withRequestTimeout(Duration.ofMillis(1500));
    long started = System.nanoTime();
    assertThatThrownBy(() -> EtcdStorage.open(nowhere))
        .isInstanceOf(StorageUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }
}
