package io.kubeloop.workqueue;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * The source of time for queues and rate limiters: a monotonic reading plus a way to wait for a
 * deadline on that reading.
 *
 * <p>Production code uses {@link #system()}; tests use {@link FakeClock}, which they step by hand
 * so that delayed items become ready without sleeping.
 *
 * <p>Implementations must be thread-safe.
 */
public interface Clock {

  /**
   * Returns the current reading in nanoseconds, like {@link System#nanoTime()}: only differences
   * between two readings of the same clock mean anything.
   */
  long nanoTime();

  /**
   * Waits on {@code condition} until it is signalled, the calling thread is interrupted, or this
   * clock reads {@code deadlineNanos} or later.
   *
   * <p>The caller must hold {@code lock}, the lock {@code condition} belongs to; as with {@link
   * Condition#await()} the lock is released while waiting and held again on return. The wait may
   * also end spuriously, so callers re-check their state in a loop.
   *
   * @param lock the lock held by the caller and owning {@code condition}
   * @param condition the condition to wait on
   * @param deadlineNanos a reading of this clock
   * @throws InterruptedException if the calling thread is interrupted
   */
  void awaitUntil(Lock lock, Condition condition, long deadlineNanos) throws InterruptedException;

  /** Returns the clock backed by {@link System#nanoTime()}. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
