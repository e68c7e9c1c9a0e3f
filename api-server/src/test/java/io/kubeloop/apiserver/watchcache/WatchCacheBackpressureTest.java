package io.kubeloop.apiserver.watchcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeloop.apiserver.storage.MemoryStorage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchCacheBackpressureTest {

  private static final ObjectDecoder DECODER =
      (kv, revision) ->
          new CachedObject(kv.key(), "", kv.key(), Map.of(), Map.of(), revision, kv.value());
  private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

  private final MemoryStorage storage = MemoryStorage.create();
  private WatchCache cache;

  @AfterEach
  void close() {
    if (cache != null) {
      cache.close();
    }
    storage.close();
  }

  /** A cache whose paused watchers resume on the thread that allows them more. */
  private WatchCache start(int window) {
    cache = WatchCache.start(storage, "/registry/x/", DECODER, window, Runnable::run);
    return cache;
  }

  private void write(String name) {
    storage.create("/registry/x/" + name, EMPTY, 0);
    cache.awaitRevision(storage.currentRevision()).join();
  }

  @Test
  void aSlowReaderOfItsInitialStateIsPausedThenGetsEverythingInOrder() {
    for (int i = 0; i < 5; i++) {
      storage.create("/registry/x/" + i, EMPTY, 0);
    }
    start(100);
    long listRevision = cache.revision();
    SlowSink sink = new SlowSink(2);

    Optional<CacheWatch> watch =
        cache.watch("/registry/x/", o -> true, new WatchCache.Start.CurrentState(true), sink);

    assertThat(watch).isPresent();
    assertThat(sink.events).hasSize(2);
    assertThat(sink.paused()).isTrue();
    write("a"); // while paused: neither sent nor lost
    write("b");
    assertThat(sink.events).hasSize(2);
    sink.allow(3);
    assertThat(sink.events).hasSize(5);
    sink.allow(1_000);

    assertThat(sink.summary())
        .containsExactly(
            "ADDED /registry/x/0",
            "ADDED /registry/x/1",
            "ADDED /registry/x/2",
            "ADDED /registry/x/3",
            "ADDED /registry/x/4",
            "INITIAL_EVENTS_END@" + listRevision,
            "ADDED /registry/x/a",
            "ADDED /registry/x/b");
    assertThat(sink.closedExpired).isNull();
    assertThat(sink.pauses).isEqualTo(2);
    write("c"); // live again
    assertThat(sink.summary()).last().isEqualTo("ADDED /registry/x/c");
  }

  @Test
  void aLiveWatcherThatFillsUpIsPausedWhileOthersKeepReceiving() {
    start(100);
    SlowSink slow = new SlowSink(1);
    SlowSink fast = new SlowSink(Integer.MAX_VALUE);
    cache.watch("/registry/x/", o -> true, new WatchCache.Start.CurrentState(false), slow);
    cache.watch("/registry/x/", o -> true, new WatchCache.Start.CurrentState(false), fast);

    for (int i = 0; i < 10; i++) {
      write("n" + i);
    }

    assertThat(slow.events).hasSize(1);
    assertThat(fast.events).hasSize(10);
    slow.allow(4);
    assertThat(slow.events).hasSize(5);
    slow.allow(1_000);
    assertThat(slow.summary()).isEqualTo(fast.summary());
    write("last");
    assertThat(slow.events).hasSize(11);
    assertThat(cache.watcherCount()).isEqualTo(2);
  }

  @Test
  void bookmarksSkipPausedWatchers() {
    start(100);
    SlowSink slow = new SlowSink(1);
    cache.watch("/registry/x/", o -> true, new WatchCache.Start.CurrentState(false), slow);
    write("a");

    cache.bookmark();

    assertThat(slow.summary()).containsExactly("ADDED /registry/x/a");
  }

  @Test
  void aWatcherPausedUntilItsChangesLeaveTheWindowIsEndedAsExpired() {
    start(3);
    SlowSink slow = new SlowSink(1);
    cache.watch("/registry/x/", o -> true, new WatchCache.Start.CurrentState(false), slow);
    write("a"); // fills the sink
    write("b");
    write("c");
    write("d");
    assertThat(slow.closedExpired).isNull(); // b, c and d are still in the window
    write("e"); // b leaves it

    assertThat(slow.closedExpired).isTrue();
    assertThat(cache.watcherCount()).isZero();
    slow.allow(100);
    assertThat(slow.events).hasSize(1);
  }

  @Test
  void aWatchResumingFromARevisionReplaysTheWindowAtTheSinksPace() {
    start(100);
    long from = storage.currentRevision();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      write("r" + i);
      expected.add("ADDED /registry/x/r" + i);
    }
    SlowSink sink = new SlowSink(2);

    cache.watch("/registry/x/", o -> true, new WatchCache.Start.After(from), sink);
    assertThat(sink.events).hasSize(2);
    sink.allow(1);
    assertThat(sink.events).hasSize(3);
    sink.allow(1_000);

    assertThat(sink.summary()).isEqualTo(expected);
  }

  @Test
  void changesAreAppliedWhileAWatcherIsPausedInItsInitialState() {
    for (int i = 0; i < 3; i++) {
      storage.create("/registry/x/" + i, EMPTY, 0);
    }
    start(100);
    SlowSink sink = new SlowSink(1);
    cache.watch("/registry/x/", o -> true, new WatchCache.Start.CurrentState(false), sink);

    write("meanwhile"); // would wait forever if the paused watcher held the cache's lock

    assertThat(cache.get("/registry/x/meanwhile")).isPresent();
  }
}
