package io.kubeloop.apiserver.watchcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeloop.apiserver.storage.MemoryStorage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class WatchCacheTest {

  private static final ObjectDecoder DECODER =
      (kv, revision) ->
          new CachedObject(kv.key(), "", kv.key(), Map.of(), Map.of(), revision, kv.value());

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

  @Test
  void aPageDeepIntoALargeListVisitsOnlyAboutLimitObjects() {
    try (MemoryStorage storage = MemoryStorage.create()) {
      for (int i = 0; i < 5_000; i++) {
        storage.create(
            String.format("/registry/x/%05d", i), "{}".getBytes(StandardCharsets.UTF_8), 0);
      }
      try (WatchCache cache = WatchCache.start(storage, "/registry/x/", DECODER, 10)) {
        AtomicInteger visited = new AtomicInteger();
        Predicate<CachedObject> counting = o -> visited.incrementAndGet() >= 0;

        WatchCache.Page page = cache.page("/registry/x/", "/registry/x/04000", 100, counting);

        assertThat(page.items()).hasSize(100);
        assertThat(page.items().get(0).key()).isEqualTo("/registry/x/04001");
        assertThat(page.more()).isTrue();
        assertThat(page.remaining()).isEqualTo(5_000 - 4_101);
        assertThat(visited.get()).isEqualTo(101); // the page and the one that tells there is more
      }
    }
  }

  @Test
  void pagesWalkAListOnceInKeyOrderWithSelectorsFilteringAsTheyGo() {
    try (MemoryStorage storage = MemoryStorage.create()) {
      for (int i = 0; i < 1_000; i++) {
        storage.create(
            String.format("/registry/x/%04d", i), "{}".getBytes(StandardCharsets.UTF_8), 0);
      }
      storage.create("/registry/y/0", "{}".getBytes(StandardCharsets.UTF_8), 0);
      try (WatchCache cache = WatchCache.start(storage, "/registry/", DECODER, 10)) {
        Map<String, Integer> visits = new java.util.HashMap<>();
        Predicate<CachedObject> everyThird =
            o -> visits.merge(o.key(), 1, Integer::sum) > 0 && o.key().hashCode() % 3 == 0;
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        WatchCache.Page page;
        do {
          page = cache.page("/registry/x/", after, 50, everyThird);
          page.items().forEach(o -> seen.add(o.key()));
          after = page.items().isEmpty() ? after : page.items().get(page.items().size() - 1).key();
          pages++;
        } while (page.more());

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
          String key = String.format("/registry/x/%04d", i);
          if (key.hashCode() % 3 == 0) {
            expected.add(key);
          }
        }
        assertThat(seen).isEqualTo(expected);
        // a page looks past its end only as far as the next match, which the next page sees again
        assertThat(visits).hasSize(1_000);
        assertThat(visits.values()).allMatch(n -> n <= 2);
        assertThat(pages).isEqualTo((expected.size() + 49) / 50);
      }
    }
  }

  @Test
  void remainingCountFollowsCreatesAndDeletes() {
    try (MemoryStorage storage = MemoryStorage.create()) {
      for (int i = 0; i < 10; i++) {
        storage.create("/registry/x/" + i, "{}".getBytes(StandardCharsets.UTF_8), 0);
      }
      try (WatchCache cache = WatchCache.start(storage, "/registry/x/", DECODER, 100)) {
        storage.delete("/registry/x/5", 0);
        storage.create("/registry/x/55", "{}".getBytes(StandardCharsets.UTF_8), 0);
        storage.create("/registry/x/56", "{}".getBytes(StandardCharsets.UTF_8), 0);
        cache.awaitRevision(storage.currentRevision()).join();

        WatchCache.Page first = cache.page("/registry/x/", null, 3, o -> true);

        assertThat(first.items())
            .extracting(CachedObject::key)
            .containsExactly("/registry/x/0", "/registry/x/1", "/registry/x/2");
        assertThat(first.remaining()).isEqualTo(8); // 3 4 55 56 6 7 8 9
        WatchCache.Page all = cache.page("/registry/x/", null, 0, o -> true);
        assertThat(all.items()).hasSize(11);
        assertThat(all.more()).isFalse();
        assertThat(all.remaining()).isZero();
      }
    }
  }
}
