package io.kubeloop.workqueue;

import java.time.Duration;

/**
 * A {@link WorkQueue} that can also add an item later, to requeue after a failure without a hot
 * loop or to look at something again at a known time.
 *
 * <p>Delayed items wait in one priority queue served by a single waiting thread (a virtual thread),
 * so any number of them costs memory, not threads or timers. An item delayed twice is added at the
 * earlier of the two times. Pending delayed items are dropped at shutdown.
 *
 * <p>Thread-safe.
 *
 * @param <T> the item type
 */
public interface DelayingQueue<T> extends WorkQueue<T> {

  /**
   * Adds {@code item} once {@code delay} has passed on the queue's clock; a zero delay adds it at
   * once. If the item is already waiting for a later time it is moved to this earlier time; a later
   * time than the pending one is ignored. A silent no-op after shutdown.
   *
   * @throws NullPointerException if {@code item} or {@code delay} is null
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  void addAfter(T item, Duration delay);

  /** Returns an unnamed delaying queue on the system clock, without metrics. */
  static <T> DelayingQueue<T> create() {
    return WorkQueue.<T>builder().buildDelaying();
  }
}
