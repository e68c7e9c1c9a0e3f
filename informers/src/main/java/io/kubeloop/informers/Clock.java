package io.kubeloop.informers;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * The source of time for informers: backoff waits, resync periods, watch deadlines and the
 * last-sync age metric. A monotonic reading plus a way to wait for a deadline on it.
 *
 * <p>Production code uses {@link #system()}; tests use {@link FakeClock} and step it by hand, so a
 * backoff or a resync happens without sleeping.
 *
 * <p>Implementations must be thread-safe.
 */
public interface Clock {

  /** The current reading in nanoseconds; only differences between readings mean anything. */
  long nanoTime();

  /**
   * Waits on {@code condition} until it is signalled, the thread is interrupted, or this clock
   * reads {@code deadlineNanos} or later. The caller holds {@code lock} (the lock of {@code
   * condition}); it is released while waiting, as with {@link Condition#await()}. The wait may end
   * spuriously, so callers re-check their state in a loop.
   *
   * @throws InterruptedException if the calling thread is interrupted
   */
  void awaitUntil(Lock lock, Condition condition, long deadlineNanos) throws InterruptedException;

  /** The clock backed by {@link System#nanoTime()}. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
