package io.kubeloop.apiserver.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link Storage} backend shares; one subclass per backend. */
abstract class StorageContractTest {

  protected final FakeClock clock = new FakeClock();
  protected Storage store;

  /**
   * The store's revision when the test starts: 0 for a new store of its own, the cluster's revision
   * for a store that shares a revision counter (etcd). Tests count revisions from it.
   */
  protected long base;

  /** A new, empty store on {@code options}. */
  protected abstract Storage open(StorageOptions options) throws Exception;

  /** Runs the backend's TTL sweep once, now. */
  protected abstract int expireDue(Storage store);

  @BeforeEach
  void openStore() throws Exception {
    store = open(new StorageOptions(clock, Duration.ZERO));
    base = store.currentRevision();
  }

  /** The revision of the test's {@code n}th write. */
  protected long r(long n) {
    return base + n;
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  static String text(KeyValue kv) {
    return new String(kv.value(), UTF_8);
  }

  static List<String> keys(RangeResult result) {
    return result.kvs().stream().map(KeyValue::key).toList();
  }

  @Test
  void newStoreIsEmpty() {
    assertThat(store.currentRevision()).isEqualTo(base);
    assertThat(store.compactedRevision()).isLessThanOrEqualTo(base);
    assertThat(store.get("/a")).isEmpty();
    RangeResult all = store.range("", null, 0, 0);
    assertThat(all.kvs()).isEmpty();
    assertThat(all.remaining()).isZero();
  }

  @Test
  void createStoresAndRefusesExistingKey() {
    KeyValue kv = store.create("/registry/pods/default/a", bytes("one"), 0);

    assertThat(kv.createRevision()).isEqualTo(r(1));
    assertThat(kv.modRevision()).isEqualTo(r(1));
    assertThat(store.currentRevision()).isEqualTo(r(1));
    KeyValue got = store.get("/registry/pods/default/a").orElseThrow();
    assertThat(text(got)).isEqualTo("one");
    assertThat(got.modRevision()).isEqualTo(r(1));
    assertThatThrownBy(() -> store.create("/registry/pods/default/a", bytes("two"), 0))
        .isInstanceOf(KeyExistsException.class)
        .hasMessageContaining("/registry/pods/default/a");
    assertThat(store.currentRevision()).as("a failed write takes no revision").isEqualTo(r(1));
  }

  @Test
  void revisionsIncreaseByOnePerWrite() {
    long a = store.create("/a", bytes("1"), 0).modRevision();
    long b = store.create("/b", bytes("1"), 0).modRevision();
    long a2 = store.update("/a", a, bytes("2"), 0).modRevision();
    long d = store.delete("/b", 0).modRevision();
    long b2 = store.create("/b", bytes("again"), 0).modRevision();

    assertThat(List.of(a, b, a2, b2)).containsExactly(r(1), r(2), r(3), r(5));
    assertThat(d).as("delete returns the entry before the delete").isEqualTo(b);
    assertThat(store.currentRevision()).isEqualTo(r(5));
    assertThat(store.get("/b").orElseThrow().createRevision()).isEqualTo(r(5));
  }

  @Test
  void updateComparesModRevisionAndKeepsCreateRevision() {
    KeyValue created = store.create("/a", bytes("1"), 0);
    store.create("/other", bytes("x"), 0);

    KeyValue updated = store.update("/a", created.modRevision(), bytes("2"), 0);

    assertThat(updated.createRevision()).isEqualTo(r(1));
    assertThat(updated.modRevision()).isEqualTo(r(3));
    assertThat(text(store.get("/a").orElseThrow())).isEqualTo("2");
    assertThatThrownBy(() -> store.update("/a", created.modRevision(), bytes("3"), 0))
        .isInstanceOfSatisfying(
            RevisionMismatchException.class,
            e -> {
              assertThat(e.current().modRevision()).isEqualTo(r(3));
              assertThat(text(e.current())).isEqualTo("2");
            });
    assertThatThrownBy(() -> store.update("/missing", 1, bytes("3"), 0))
        .isInstanceOfSatisfying(
            RevisionMismatchException.class, e -> assertThat(e.current()).isNull());
    assertThat(store.currentRevision()).isEqualTo(r(3));
  }

  @Test
  void deleteComparesModRevisionUnlessZero() {
    KeyValue a = store.create("/a", bytes("1"), 0);
    KeyValue a2 = store.update("/a", a.modRevision(), bytes("2"), 0);

    assertThatThrownBy(() -> store.delete("/a", a.modRevision()))
        .isInstanceOfSatisfying(
            RevisionMismatchException.class, e -> assertThat(e.current()).isEqualTo(a2));
    KeyValue before = store.delete("/a", a2.modRevision());
    assertThat(text(before)).isEqualTo("2");
    assertThat(before.modRevision()).isEqualTo(r(2));
    assertThat(store.get("/a")).isEmpty();
    assertThatThrownBy(() -> store.delete("/a", 0))
        .isInstanceOfSatisfying(
            RevisionMismatchException.class, e -> assertThat(e.current()).isNull());

    store.create("/b", bytes("1"), 0);
    assertThat(store.delete("/b", 0).key()).isEqualTo("/b");
    assertThat(store.currentRevision()).isEqualTo(r(5));
  }

  @Test
  void rangeHonoursPrefixStartAfterAndLimit() {
    for (String key : List.of("/a/3", "/a/1", "/b/1", "/a/2", "/a", "/a/5", "/a/4", "/ab")) {
      store.create(key, bytes(key), 0);
    }

    RangeResult first = store.range("/a/", null, 2, 0);
    assertThat(keys(first)).containsExactly("/a/1", "/a/2");
    assertThat(first.remaining()).isEqualTo(3);
    assertThat(first.more()).isTrue();
    assertThat(first.revision()).isEqualTo(r(8));

    RangeResult second = store.range("/a/", "/a/2", 2, first.revision());
    assertThat(keys(second)).containsExactly("/a/3", "/a/4");
    assertThat(second.remaining()).isEqualTo(1);

    RangeResult last = store.range("/a/", "/a/4", 2, first.revision());
    assertThat(keys(last)).containsExactly("/a/5");
    assertThat(last.remaining()).isZero();
    assertThat(last.more()).isFalse();

    assertThat(keys(store.range("/a/", null, 0, 0)))
        .containsExactly("/a/1", "/a/2", "/a/3", "/a/4", "/a/5");
    assertThat(keys(store.range("/a/", "/a/5", 0, 0))).isEmpty();
    assertThat(keys(store.range("", null, 0, 0)))
        .containsExactly("/a", "/a/1", "/a/2", "/a/3", "/a/4", "/a/5", "/ab", "/b/1");
    assertThat(keys(store.range("/a", "/a/5", 0, 0))).containsExactly("/ab");
    assertThat(text(store.range("/b/", null, 0, 0).kvs().get(0))).isEqualTo("/b/1");
  }

  @Test
  void rangeAtPastRevisionIsThatSnapshot() {
    KeyValue x1 = store.create("/k/x", bytes("x1"), 0); // 1
    store.create("/k/y", bytes("y1"), 0); // 2
    KeyValue x2 = store.update("/k/x", x1.modRevision(), bytes("x2"), 0); // 3
    store.delete("/k/y", 0); // 4
    store.create("/k/z", bytes("z1"), 0); // 5
    store.create("/k/y", bytes("y2"), 0); // 6

    RangeResult at2 = store.range("/k/", null, 0, r(2));
    assertThat(at2.revision()).isEqualTo(r(2));
    assertThat(at2.kvs())
        .extracting(KeyValue::key, StorageContractTest::text, KeyValue::modRevision)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/k/x", "x1", r(1)),
            org.assertj.core.groups.Tuple.tuple("/k/y", "y1", r(2)));
    assertThat(store.range("/k/", null, 0, r(4)).kvs()).containsExactly(x2);
    assertThat(keys(store.range("/k/", null, 0, r(5)))).containsExactly("/k/x", "/k/z");
    RangeResult at6 = store.range("/k/", null, 1, r(6));
    assertThat(keys(at6)).containsExactly("/k/x");
    assertThat(at6.remaining()).isEqualTo(2);
    assertThat(store.range("/k/", "/k/x", 0, r(6)).kvs())
        .extracting(KeyValue::key, KeyValue::createRevision)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/k/y", r(6)),
            org.assertj.core.groups.Tuple.tuple("/k/z", r(5)));
    assertThatThrownBy(() -> store.range("/k/", null, 0, r(7)))
        .isInstanceOf(FutureRevisionException.class);
  }

  @Test
  void compactionDiscardsHistoryButKeepsLiveKeys() {
    KeyValue a = store.create("/a", bytes("a1"), 0); // 1
    store.create("/b", bytes("b1"), 0); // 2
    store.update("/a", a.modRevision(), bytes("a2"), 0); // 3
    store.delete("/b", 0); // 4
    store.create("/c", bytes("c1"), 0); // 5
    KeyValue c2 = store.update("/c", r(5), bytes("c2"), 0); // 6

    store.compact(r(5));

    assertThat(store.compactedRevision()).isEqualTo(r(5));
    assertThat(store.currentRevision()).isEqualTo(r(6));
    assertThatThrownBy(() -> store.range("", null, 0, r(5)))
        .isInstanceOfSatisfying(
            CompactedException.class,
            e -> {
              assertThat(e.requested()).isEqualTo(r(5));
              assertThat(e.compacted()).isEqualTo(r(5));
            });
    assertThatThrownBy(() -> store.range("", null, 0, r(3))).isInstanceOf(CompactedException.class);
    assertThat(store.range("", null, 0, r(6)).kvs())
        .extracting(KeyValue::key, StorageContractTest::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/a", "a2"),
            org.assertj.core.groups.Tuple.tuple("/c", "c2"));
    assertThat(store.get("/a").map(StorageContractTest::text)).contains("a2");
    assertThat(store.get("/b")).isEmpty();
    assertThat(store.get("/c")).contains(c2);

    assertThatThrownBy(() -> store.compact(r(5))).isInstanceOf(CompactedException.class);
    assertThatThrownBy(() -> store.compact(r(7))).isInstanceOf(FutureRevisionException.class);
    assertThatThrownBy(() -> store.watch("", r(4), new EventCollector()))
        .isInstanceOf(CompactedException.class);

    // history from the compacted revision on stays usable
    store.update("/a", r(3), bytes("a3"), 0); // 7
    store.compact(r(6));
    assertThat(keys(store.range("", null, 0, r(7)))).containsExactly("/a", "/c");
    store.compact(r(7));
    assertThat(keys(store.range("", null, 0, 0))).containsExactly("/a", "/c");
  }

  @Test
  void watchFromPastRevisionCatchesUpThenGoesLive() throws Exception {
    KeyValue x = store.create("/w/x", bytes("x1"), 0); // 1
    store.create("/other/y", bytes("y1"), 0); // 2
    store.update("/w/x", x.modRevision(), bytes("x2"), 0); // 3
    store.create("/w/z", bytes("z1"), 0); // 4

    EventCollector collector = new EventCollector();
    try (Watch watch = store.watch("/w/", r(1), collector)) {
      store.delete("/w/x", 0); // 5
      store.create("/other/q", bytes("q"), 0); // 6
      store.create("/w/x", bytes("x3"), 0); // 7

      List<Event> events = collector.await(4);
      assertThat(events).extracting(Event::revision).containsExactly(r(3), r(4), r(5), r(7));
      Event update = events.get(0);
      assertThat(update.type()).isEqualTo(Event.Type.PUT);
      assertThat(text(update.kv())).isEqualTo("x2");
      assertThat(update.kv().createRevision()).isEqualTo(r(1));
      assertThat(text(update.prevKv())).isEqualTo("x1");
      assertThat(update.prevKv().modRevision()).isEqualTo(r(1));
      assertThat(events.get(1).prevKv()).isNull();
      Event delete = events.get(2);
      assertThat(delete.type()).isEqualTo(Event.Type.DELETE);
      assertThat(delete.kv().modRevision()).isEqualTo(r(5));
      assertThat(delete.kv().createRevision()).isEqualTo(r(1));
      assertThat(text(delete.kv())).isEqualTo("x2");
      assertThat(delete.prevKv().modRevision()).isEqualTo(r(3));
      assertThat(events.get(3).kv().createRevision()).isEqualTo(r(7));
      assertThat(events.get(3).prevKv()).isNull();
    }
  }

  @Test
  void watchFromCurrentAndFutureRevisionSeesOnlyLaterEvents() throws Exception {
    store.create("/a", bytes("1"), 0);
    EventCollector fromNow = new EventCollector();
    EventCollector fromFuture = new EventCollector();
    try (Watch now = store.watch("", r(1), fromNow);
        Watch future = store.watch("", r(2), fromFuture)) {
      store.create("/b", bytes("1"), 0); // 2
      store.create("/c", bytes("1"), 0); // 3
      assertThat(fromNow.await(2)).extracting(Event::revision).containsExactly(r(2), r(3));
      assertThat(fromFuture.await(1)).extracting(Event::revision).containsExactly(r(3));
    }
  }

  @Test
  void watchSeesEveryRevisionInOrderUnderConcurrentWriters() throws Exception {
    int writers = 8;
    int perWriter = 40;
    EventCollector collector = new EventCollector();
    try (Watch watch = store.watch("", base, collector);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String key = "/c/" + w;
        done.add(
            pool.submit(
                () -> {
                  long rev = store.create(key, bytes("0"), 0).modRevision();
                  for (int i = 1; i < perWriter; i++) {
                    rev = store.update(key, rev, bytes(Integer.toString(i)), 0).modRevision();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      List<Event> events = collector.await(writers * perWriter);
      for (int i = 0; i < events.size(); i++) {
        assertThat(events.get(i).revision()).isEqualTo(r(i + 1L));
      }
      assertThat(store.currentRevision()).isEqualTo(r((long) writers * perWriter));
    }
  }

  @Test
  void watchCatchingUpOverSeveralPagesWhileWritesGoOnHasNoGap() throws Exception {
    int before = WatchHub.CATCH_UP_PAGE + WatchHub.CATCH_UP_PAGE / 2;
    int during = 300;
    writeConcurrently("/before/", before);
    EventCollector collector = new EventCollector();
    try (Watch watch = store.watch("", base, collector)) {
      writeConcurrently("/during/", during);
      List<Event> events = collector.await(before + during);
      for (int i = 0; i < events.size(); i++) {
        assertThat(events.get(i).revision()).isEqualTo(r(i + 1L));
      }
    }
  }

  /** Creates {@code count} keys under {@code prefix} from 16 virtual threads. */
  private void writeConcurrently(String prefix, int count) throws Exception {
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      int writers = 16;
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(
            pool.submit(
                () -> {
                  for (int i = writer; i < count; i += writers) {
                    store.create(prefix + i, bytes("v"), 0);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
  }

  @Test
  void closedWatchGetsNothingMore() throws Exception {
    EventCollector closed = new EventCollector();
    EventCollector open = new EventCollector();
    Watch first = store.watch("", base, closed);
    try (Watch second = store.watch("", base, open)) {
      store.create("/a", bytes("1"), 0);
      closed.await(1);
      open.await(1);
      first.close();
      store.create("/b", bytes("1"), 0);
      // both are served in order by one dispatcher: once the open one has /b, the closed one
      // would have had it too
      assertThat(open.await(1)).extracting(e -> e.kv().key()).containsExactly("/b");
      assertThat(closed.drained()).isEmpty();
    }
  }

  @Test
  void listenerThatThrowsEndsItsWatchOnly() throws Exception {
    EventCollector healthy = new EventCollector();
    EventCollector failures = new EventCollector();
    WatchListener throwing =
        new WatchListener() {
          @Override
          public void onEvents(List<Event> events) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void onError(Throwable error) {
            failures.onError(error);
          }
        };
    try (Watch bad = store.watch("", base, throwing);
        Watch good = store.watch("", base, healthy)) {
      store.create("/a", bytes("1"), 0);
      store.create("/b", bytes("1"), 0);
      assertThat(failures.awaitError()).hasMessage("listener bug");
      assertThat(healthy.await(2)).hasSize(2);
    }
  }

  @Test
  void keysExpireAfterTheirTtlAsDeleteEvents() throws Exception {
    EventCollector collector = new EventCollector();
    try (Watch watch = store.watch("", base, collector)) {
      store.create("/ttl/a", bytes("a"), 10); // 1
      KeyValue b = store.create("/ttl/b", bytes("b"), 10); // 2
      KeyValue c = store.create("/ttl/c", bytes("c"), 10); // 3
      store.create("/ttl/forever", bytes("f"), 0); // 4

      clock.advance(Duration.ofSeconds(5));
      assertThat(expireDue(store)).isZero();
      store.update("/ttl/b", b.modRevision(), bytes("b2"), 0); // 5: clears b's expiry
      store.update("/ttl/c", c.modRevision(), bytes("c2"), 10); // 6: c now expires at 15s

      clock.advance(Duration.ofSeconds(5));
      assertThat(expireDue(store)).isEqualTo(1); // 7: a
      assertThat(store.get("/ttl/a")).isEmpty();
      clock.advance(Duration.ofSeconds(5));
      assertThat(expireDue(store)).isEqualTo(1); // 8: c
      clock.advance(Duration.ofDays(1));
      assertThat(expireDue(store)).isZero();

      assertThat(keys(store.range("/ttl/", null, 0, 0))).containsExactly("/ttl/b", "/ttl/forever");
      List<Event> events = collector.await(8);
      assertThat(events.subList(6, 8))
          .extracting(e -> e.type(), e -> e.kv().key(), Event::revision)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(Event.Type.DELETE, "/ttl/a", r(7)),
              org.assertj.core.groups.Tuple.tuple(Event.Type.DELETE, "/ttl/c", r(8)));
      assertThat(text(events.get(7).prevKv())).isEqualTo("c2");
    }
  }

  @Test
  void backgroundSweepExpiresKeys() throws Exception {
    store.close();
    store = open(new StorageOptions(clock, Duration.ofMillis(5)));
    base = store.currentRevision();
    EventCollector collector = new EventCollector();
    try (Watch watch = store.watch("", base, collector)) {
      store.create("/t", bytes("1"), 1);
      assertThat(collector.await(1)).extracting(Event::type).containsExactly(Event.Type.PUT);
      clock.advance(Duration.ofSeconds(1));
      // the sweep thread deletes it on its own; waiting for the event needs no sleep
      assertThat(collector.await(1))
          .extracting(Event::type, e -> e.kv().key())
          .containsExactly(org.assertj.core.groups.Tuple.tuple(Event.Type.DELETE, "/t"));
    }
  }

  @Test
  void concurrentCompareAndSwapLosesNoUpdate() throws Exception {
    store.create("/counter", bytes("0"), 0);
    int writers = 8;
    int incrementsEach = 25;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Integer>> conflicts = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        conflicts.add(
            pool.submit(
                () -> {
                  int mismatches = 0;
                  KeyValue current = store.get("/counter").orElseThrow();
                  for (int done = 0; done < incrementsEach; ) {
                    int next = Integer.parseInt(text(current)) + 1;
                    try {
                      current =
                          store.update(
                              "/counter", current.modRevision(), bytes(Integer.toString(next)), 0);
                      done++;
                    } catch (RevisionMismatchException e) {
                      mismatches++;
                      current = e.current(); // retry from what the store says, no extra read
                    }
                  }
                  return mismatches;
                }));
      }
      for (Future<Integer> f : conflicts) {
        f.get();
      }
    }
    KeyValue counter = store.get("/counter").orElseThrow();
    assertThat(text(counter)).isEqualTo(Integer.toString(writers * incrementsEach));
    assertThat(counter.modRevision()).isEqualTo(r(1L + writers * incrementsEach));
    assertThat(store.currentRevision()).isEqualTo(counter.modRevision());
  }

  @Test
  void recreatedKeyDoesNotInheritOldExpiry() {
    store.create("/t", bytes("1"), 5);
    store.delete("/t", 0);
    store.create("/t", bytes("2"), 0);
    clock.advance(Duration.ofSeconds(10));
    assertThat(expireDue(store)).isZero();
    assertThat(store.get("/t")).isPresent();
  }

  @Test
  void closeEndsWatchesAndRefusesCalls() throws Exception {
    store.create("/a", bytes("1"), 0);
    EventCollector collector = new EventCollector();
    store.watch("", base, collector);
    collector.await(1);

    store.close();

    assertThat(collector.awaitError()).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> store.create("/b", bytes("1"), 0))
        .isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> store.get("/a")).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> store.range("", null, 0, 0)).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> store.watch("", base, new EventCollector()))
        .isInstanceOf(StorageException.class);
    store.close(); // a second close is harmless
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> store.create("", bytes("1"), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.create("/a", bytes("1"), -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.range("", null, -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
