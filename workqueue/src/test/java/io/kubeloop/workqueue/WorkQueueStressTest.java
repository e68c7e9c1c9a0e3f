package io.kubeloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many producers and consumers on few keys, so that adds of an item race with its processing: no
 * item may be processed by two workers at once, and no add may be lost (the last processing of
 * every item must start after its last add).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a safety net against hangs, not an assertion
class WorkQueueStressTest {

  private static final int KEYS = 64;
  private static final int PRODUCERS = 4;
  private static final int ADDS_PER_PRODUCER = 20_000;
  private static final int CONSUMERS = 4;

  enum Threads {
    PLATFORM,
    VIRTUAL,
    MIXED
  }

  enum Kind {
    WORK_QUEUE,
    RATE_LIMITING_QUEUE
  }

  @ParameterizedTest
  @EnumSource(Threads.class)
  void workQueue(Threads threads) throws Exception {
    stress(threads, Kind.WORK_QUEUE);
  }

  @ParameterizedTest
  @EnumSource(Threads.class)
  void rateLimitingQueue(Threads threads) throws Exception {
    stress(threads, Kind.RATE_LIMITING_QUEUE);
  }

  private void stress(Threads threads, Kind kind) throws Exception {
    WorkQueue<Integer> queue =
        kind == Kind.WORK_QUEUE
            ? WorkQueue.create()
            : WorkQueue.<Integer>builder()
                .rateLimiter(RateLimiter.fastSlow(Duration.ZERO, Duration.ZERO, 0))
                .buildRateLimiting();
    // adds[k]: adds of key k so far; seen[k]: value of adds[k] when its last processing started.
    AtomicLongArray adds = new AtomicLongArray(KEYS);
    AtomicLongArray seen = new AtomicLongArray(KEYS);
    ConcurrentHashMap<Integer, Boolean> inFlight = new ConcurrentHashMap<>();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger processed = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();

    List<Thread> consumers = new ArrayList<>();
    for (int c = 0; c < CONSUMERS; c++) {
      consumers.add(
          thread(
              threads,
              c,
              () -> {
                for (Optional<Integer> next = queue.get(); next.isPresent(); next = queue.get()) {
                  int key = next.get();
                  if (inFlight.putIfAbsent(key, Boolean.TRUE) != null) {
                    overlaps.incrementAndGet();
                  }
                  seen.set(key, adds.get(key));
                  processed.incrementAndGet();
                  inFlight.remove(key);
                  queue.done(key);
                }
              },
              failure));
    }
    List<Thread> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      producers.add(
          thread(
              threads,
              p + 1,
              () -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < ADDS_PER_PRODUCER; i++) {
                  int key = random.nextInt(KEYS);
                  adds.incrementAndGet(key);
                  if (queue instanceof RateLimitingQueue<Integer> r && (i & 1) == 1) {
                    r.addRateLimited(key); // zero delay: goes straight to the queue
                  } else {
                    queue.add(key);
                  }
                }
              },
              failure));
    }
    for (Thread p : producers) {
      p.join();
    }
    queue.shutDown(); // consumers drain what is left, then exit
    for (Thread c : consumers) {
      c.join();
    }

    assertThat(failure.get()).isNull();
    assertThat(overlaps).hasValue(0);
    for (int k = 0; k < KEYS; k++) {
      assertThat(seen.get(k))
          .as("last processing of key %d saw its last add", k)
          .isEqualTo(adds.get(k));
    }
    assertThat(processed.get()).isBetween(KEYS, PRODUCERS * ADDS_PER_PRODUCER);
    assertThat(queue.len()).isZero();
  }

  interface Body {
    void run() throws Exception;
  }

  private static Thread thread(
      Threads threads, int index, Body body, AtomicReference<Throwable> failure) {
    Runnable task =
        () -> {
          try {
            body.run();
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        };
    boolean virtual = threads == Threads.VIRTUAL || (threads == Threads.MIXED && index % 2 == 0);
    return virtual ? Thread.ofVirtual().start(task) : Thread.ofPlatform().start(task);
  }
}
