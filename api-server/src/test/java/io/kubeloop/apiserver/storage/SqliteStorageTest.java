package io.kubeloop.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStorageTest extends StorageContractTest {

  @TempDir Path dir;

  /** Small, so that compaction tests cover several steps with few writes. */
  static final long COMPACT_STEP = 7;

  @Override
  protected Storage open(StorageOptions options) {
    return SqliteStorage.open(dir.resolve("kubeloop.db"), options, COMPACT_STEP);
  }

  @Override
  protected int expireDue(Storage store) {
    return ((SqliteStorage) store).expireDue();
  }

  private Storage reopen() {
    store.close();
    store = open(new StorageOptions(clock, Duration.ZERO));
    return store;
  }

  @Test
  void reopenKeepsDataHistoryAndRevision() throws Exception {
    KeyValue a = store.create("/a", bytes("a1"), 0); // 1
    store.update("/a", a.modRevision(), bytes("a2"), 0); // 2
    store.create("/b", bytes("b1"), 0); // 3

    reopen();

    assertThat(store.currentRevision()).isEqualTo(3);
    assertThat(store.get("/a").map(StorageContractTest::text)).contains("a2");
    assertThat(store.range("", null, 0, 1).kvs())
        .extracting(StorageContractTest::text)
        .containsExactly("a1");
    assertThat(store.create("/c", bytes("c"), 0).modRevision()).isEqualTo(4);
    EventCollector collector = new EventCollector();
    try (Watch watch = store.watch("", 1, collector)) {
      assertThat(collector.await(3)).extracting(Event::revision).containsExactly(2L, 3L, 4L);
    }
  }

  @Test
  void revisionsAreNotReusedAfterDeletesAreCompacted() {
    store.create("/a", bytes("1"), 0); // 1
    store.create("/b", bytes("1"), 0); // 2
    store.delete("/a", 0); // 3
    store.delete("/b", 0); // 4
    store.compact(4); // every row is gone now

    reopen();

    assertThat(store.currentRevision()).isEqualTo(4);
    assertThat(store.compactedRevision()).isEqualTo(4);
    assertThat(store.range("", null, 0, 0).kvs()).isEmpty();
    assertThat(store.create("/a", bytes("2"), 0).modRevision()).isEqualTo(5);
  }

  @Test
  void compactionSurvivesReopen() {
    KeyValue a = store.create("/a", bytes("1"), 0); // 1
    store.update("/a", a.modRevision(), bytes("2"), 0); // 2
    store.create("/b", bytes("1"), 0); // 3
    store.compact(2);

    reopen();

    assertThat(store.compactedRevision()).isEqualTo(2);
    assertThatThrownBy(() -> store.range("", null, 0, 2)).isInstanceOf(CompactedException.class);
    assertThat(store.range("", null, 0, 3).kvs())
        .extracting(StorageContractTest::text)
        .containsExactly("2", "1");
  }

  @Test
  void ttlDeadlinesSurviveReopen() {
    store.create("/t", bytes("1"), 30);
    clock.advance(Duration.ofSeconds(20));

    reopen();

    assertThat(expireDue(store)).isZero();
    clock.advance(Duration.ofSeconds(10));
    assertThat(expireDue(store)).isEqualTo(1);
    assertThat(store.get("/t")).isEmpty();
  }

  @Test
  void compactionSpanningManyStepsKeepsLatestVersions() {
    int keys = 10;
    long rev = 0;
    for (int i = 0; i < keys; i++) {
      rev = store.create("/k/" + i, bytes("0"), 0).modRevision();
    }
    // enough updates that compaction needs several steps
    long updates = COMPACT_STEP * 20 + 3;
    long[] mod = new long[keys];
    for (int i = 0; i < keys; i++) {
      mod[i] = i + 1;
    }
    for (long u = 0; u < updates; u++) {
      int k = (int) (u % keys);
      mod[k] = store.update("/k/" + k, mod[k], bytes(Long.toString(u)), 0).modRevision();
    }
    store.delete("/k/0", 0);
    rev = store.currentRevision();

    store.compact(rev - 1);

    assertThat(store.compactedRevision()).isEqualTo(rev - 1);
    List<KeyValue> live = store.range("/k/", null, 0, rev).kvs();
    assertThat(live).hasSize(keys - 1);
    for (KeyValue kv : live) {
      int k = Integer.parseInt(kv.key().substring(3));
      assertThat(kv.modRevision()).isEqualTo(mod[k]);
      assertThat(kv.createRevision()).isEqualTo(k + 1L);
    }
  }

  @Test
  void secondStoreOnTheSameFileIsRefused() {
    assertThatThrownBy(() -> SqliteStorage.open(dir.resolve("kubeloop.db")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("already open");
  }
}
