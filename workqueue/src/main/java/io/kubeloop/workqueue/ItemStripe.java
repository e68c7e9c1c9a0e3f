package io.kubeloop.workqueue;

import java.util.HashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One stripe of a {@link ConcurrentWorkQueue}'s item map: the entries of the items whose hash falls
 * here, guarded by this lock (which the stripe is, to save an object).
 *
 * <p>Critical sections are a hash-map operation, a few field writes and, to requeue, an append to
 * the lock-free FIFO; nothing blocks inside.
 */
@SuppressWarnings("serial") // never serialized
final class ItemStripe<T> extends ReentrantLock {

  /** Guarded by this. Every item of this stripe that is dirty or processing. */
  final HashMap<T, ItemEntry<T>> entries = new HashMap<>();

  /** Guarded by this. Entries of this stripe in phase QUEUED. */
  int queued;

  /** Guarded by this. Entries of this stripe in phase PROCESSING or PROCESSING_DIRTY. */
  int processing;

  /** Busy-wait rounds before parking: a critical section lasts tens of nanoseconds. */
  private static final int SPINS = 128;

  /**
   * Locks the stripe, spinning briefly while it is held before parking: the holder is almost always
   * about to release it (a park and unpark costs microseconds), unless it was descheduled, and then
   * parking is right.
   */
  void acquire() {
    if (tryLock()) {
      return;
    }
    for (int i = 0; i < SPINS; i++) {
      Thread.onSpinWait();
      if (!isLocked() && tryLock()) {
        return;
      }
    }
    lock();
  }
}
