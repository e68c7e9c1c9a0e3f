package io.kubeloop.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A watch listener that queues what it receives, for tests to wait on. */
final class EventCollector implements WatchListener {

  /** Only a guard against a hung test: waits normally end as soon as the events arrive. */
  private static final long GUARD_SECONDS = 30;

  private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final List<Integer> callSizes = new ArrayList<>();
  final CompletableFuture<Throwable> error = new CompletableFuture<>();

  @Override
  public void onEvents(List<Event> batch) {
    assertThat(batch).isNotEmpty();
    synchronized (callSizes) {
      callSizes.add(batch.size());
    }
    events.addAll(batch);
  }

  @Override
  public void onError(Throwable e) {
    error.complete(e);
  }

  /** Waits for the next {@code n} events. */
  List<Event> await(int n) throws InterruptedException {
    List<Event> got = new ArrayList<>(n);
    while (got.size() < n) {
      Event event = events.poll(GUARD_SECONDS, TimeUnit.SECONDS);
      assertThat(event).as("event %d of %d (got %s)", got.size() + 1, n, got).isNotNull();
      got.add(event);
    }
    return got;
  }

  Throwable awaitError() throws Exception {
    return error.get(GUARD_SECONDS, TimeUnit.SECONDS);
  }

  /** Events received but not yet taken by {@link #await}. */
  List<Event> drained() {
    List<Event> rest = new ArrayList<>();
    events.drainTo(rest);
    return rest;
  }
}
