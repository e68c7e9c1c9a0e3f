package io.kubeloop.workqueue;

import java.util.HashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One stripe of a {@link ConcurrentWorkQueue}'s item map: the entries of the items whose hash falls
 * here, guarded by this lock (which the stripe is, to save an object).
 *
 * <p>Critical sections are a hash-map operation and a few field writes; nothing blocks inside.
 */
@SuppressWarnings("serial") // never serialized
final class ItemStripe<T> extends ReentrantLock {

  /** Guarded by this. Every item of this stripe that is dirty or processing. */
  final HashMap<T, ItemEntry<T>> entries = new HashMap<>();

  /** Guarded by this. Entries of this stripe in phase QUEUED. */
  int queued;

  /** Guarded by this. Entries of this stripe in phase PROCESSING or PROCESSING_DIRTY. */
  int processing;

  /** Busy-wait rounds before yielding: a critical section lasts tens of nanoseconds. */
  private static final int SPINS = 64;

  /** Yields before parking: the holder may have been descheduled and need a core. */
  private static final int YIELDS = 16;

  /**
   * Locks the stripe. A held stripe is almost always about to be released, so this spins first; if
   * the holder was descheduled (more runnable threads than cores), yielding lets it run again
   * sooner than parking would, a park and unpark costing many microseconds; only then it parks.
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
    for (int i = 0; i < YIELDS; i++) {
      Thread.yield();
      if (tryLock()) {
        return;
      }
    }
    lock();
  }
}
