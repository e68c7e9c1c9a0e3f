package io.kubeloop.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchHubTest {

  private WatchHub hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.stop(new StorageException("test over"));
    }
  }

  private static Event put(long rev, String key) {
    return new Event(Event.Type.PUT, new KeyValue(key, new byte[0], rev, rev), null);
  }

  @Test
  void historyIsReadUpToWhatWasDispatchedThenLiveEventsFollow() throws Exception {
    List<long[]> reads = new ArrayList<>();
    CountDownLatch readStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    hub =
        new WatchHub(
            "test-watch",
            5,
            (prefix, after, upTo) -> {
              reads.add(new long[] {after, upTo});
              readStarted.countDown();
              await(release);
              List<Event> events = new ArrayList<>();
              for (long rev = after + 1; rev <= upTo; rev++) {
                events.add(put(rev, "/k" + rev));
              }
              return events;
            });
    EventCollector collector = new EventCollector();
    hub.register("", 2, collector);
    assertThat(readStarted.await(30, TimeUnit.SECONDS)).isTrue();
    // published while the catch-up read runs: must follow it, not be lost or doubled
    hub.publish(List.of(put(6, "/k6")));
    hub.publish(List.of(put(7, "/k7"), put(8, "/k8")));
    release.countDown();

    assertThat(collector.await(6))
        .extracting(Event::revision)
        .containsExactly(3L, 4L, 5L, 6L, 7L, 8L);
    assertThat(reads).hasSize(1);
    assertThat(reads.get(0)).containsExactly(2, 5);
  }

  @Test
  void compactionFoundDuringCatchUpEndsTheWatch() throws Exception {
    hub =
        new WatchHub(
            "test-watch",
            10,
            (prefix, after, upTo) -> {
              throw new CompactedException(after, 7);
            });
    EventCollector collector = new EventCollector();
    hub.register("", 3, collector);
    assertThat(collector.awaitError()).isInstanceOf(CompactedException.class);
  }

  @Test
  void stopEndsWatchesWithTheReason() throws Exception {
    hub = new WatchHub("test-watch", 0, (prefix, after, upTo) -> List.of());
    EventCollector collector = new EventCollector();
    hub.register("/a", 0, collector);
    hub.publish(List.of(put(1, "/a/1"), put(2, "/b/1")));
    assertThat(collector.await(1)).extracting(e -> e.kv().key()).containsExactly("/a/1");
    hub.stop(new StorageException("closing"));
    hub = null;
    assertThat(collector.awaitError()).hasMessage("closing");
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
