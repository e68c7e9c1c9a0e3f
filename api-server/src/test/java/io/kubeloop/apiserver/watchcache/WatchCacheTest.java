package io.kubeloop.apiserver.watchcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeloop.apiserver.storage.MemoryStorage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WatchCacheTest {

  private static final ObjectDecoder DECODER =
      (kv, revision) ->
          new CachedObject(kv.key(), "", kv.key(), Map.of(), Map.of(), revision, kv.value());

  @Test
  void aWatcherThatCannotTakeItsInitialStateIsEndedNotShortened() {
    try (MemoryStorage storage = MemoryStorage.create()) {
      for (int i = 0; i < 3; i++) {
        storage.create("/registry/x/" + i, "{}".getBytes(StandardCharsets.UTF_8), 0);
      }
      try (WatchCache cache = WatchCache.start(storage, "/registry/x/", DECODER, 10)) {
        List<CacheEvent> received = new ArrayList<>();
        AtomicBoolean closed = new AtomicBoolean();
        cache.watch(
            "/registry/x/",
            o -> true,
            new WatchCache.Start.CurrentState(true),
            new WatchSink() {
              @Override
              public boolean accept(CacheEvent event) {
                if (received.size() == 1) {
                  return false; // full after one event
                }
                received.add(event);
                return true;
              }

              @Override
              public void closed(boolean expired) {
                closed.set(true);
              }
            });
        assertThat(received).hasSize(1);
        assertThat(closed).isTrue();
        assertThat(cache.watcherCount()).isZero();
      }
    }
  }

  @Test
  void initialStateEndsWithTheMarkerAtTheCacheRevision() {
    try (MemoryStorage storage = MemoryStorage.create()) {
      storage.create("/registry/x/a", "{}".getBytes(StandardCharsets.UTF_8), 0);
      try (WatchCache cache = WatchCache.start(storage, "/registry/x/", DECODER, 10)) {
        List<CacheEvent> received = new ArrayList<>();
        cache.watch(
            "/registry/x/",
            o -> true,
            new WatchCache.Start.CurrentState(true),
            new WatchSink() {
              @Override
              public boolean accept(CacheEvent event) {
                return received.add(event);
              }

              @Override
              public void closed(boolean expired) {}
            });
        assertThat(received)
            .extracting(CacheEvent::type)
            .containsExactly(CacheEvent.Type.ADDED, CacheEvent.Type.INITIAL_EVENTS_END);
        assertThat(received.get(1).revision()).isEqualTo(cache.revision());
      }
    }
  }
}
