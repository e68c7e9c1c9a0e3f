package io.kubeloop.benchmarks.runtime;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the distinct objects reconciled in one round and opens a latch when all {@code expected}
 * were. Both contenders' reconcilers call {@link #reconciled} with the same key format, so the
 * counting costs both the same. Thread-safe.
 */
final class Reconciled {

  private final int expected;
  private final Set<String> keys = ConcurrentHashMap.newKeySet();
  private final AtomicInteger calls = new AtomicInteger();
  private final CountDownLatch all = new CountDownLatch(1);
  private volatile long doneAt;

  Reconciled(int expected) {
    this.expected = expected;
  }

  /** Records one reconcile of {@code namespace/name}. */
  void reconciled(String namespace, String name) {
    calls.incrementAndGet();
    if (keys.add(namespace + "/" + name) && keys.size() == expected) {
      doneAt = System.nanoTime();
      all.countDown();
    }
  }

  /**
   * Waits until every object was reconciled; returns {@link System#nanoTime()} of the moment the
   * last new one was.
   */
  long await(long timeout, TimeUnit unit) throws InterruptedException {
    if (!all.await(timeout, unit)) {
      throw new IllegalStateException(
          String.format(
              "only %d of %d objects reconciled within %d %s",
              keys.size(), expected, timeout, unit));
    }
    return doneAt;
  }

  /** Reconciler calls so far, repeats included. */
  int calls() {
    return calls.get();
  }
}
