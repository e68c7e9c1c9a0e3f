package io.kubeloop.workqueue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One item known to a {@link ConcurrentWorkQueue}: client-go's {@code dirty} and {@code processing}
 * set memberships folded into one phase, changed by compare-and-set.
 *
 * <p>The entry itself travels through the FIFO, so a worker's {@code get} needs no map lookup.
 */
final class ItemEntry<T> {

  /** Dirty, not processing: the entry is in the FIFO exactly once. */
  static final int QUEUED = 0;

  /** Processing, not dirty: one worker has it; not in the FIFO. */
  static final int PROCESSING = 1;

  /** Processing and dirty: added again meanwhile; its worker's done puts it back in the FIFO. */
  static final int PROCESSING_DIRTY = 2;

  /** Done and clean: being removed from the map; an add replaces it with a new entry. */
  static final int DONE = 3;

  private static final VarHandle PHASE;

  static {
    try {
      PHASE = MethodHandles.lookup().findVarHandle(ItemEntry.class, "phase", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final T item;

  private volatile int phase;

  /**
   * Clock reading when the item last became dirty (with metrics only). Written before the phase
   * change that makes it dirty, read after reading a dirty phase.
   */
  long dirtySince;

  /** Clock reading when a worker got the item (with metrics only); read by gauges at any time. */
  volatile long processingSince;

  ItemEntry(T item, long dirtySince) {
    this.item = item;
    this.dirtySince = dirtySince;
    this.phase = QUEUED;
  }

  int phase() {
    return phase;
  }

  /** Sets the phase unconditionally: only for moves nobody else may make at the same time. */
  void phase(int next) {
    phase = next;
  }

  boolean casPhase(int expected, int next) {
    return PHASE.compareAndSet(this, expected, next);
  }

  boolean isDirty() {
    int p = phase;
    return p == QUEUED || p == PROCESSING_DIRTY;
  }

  boolean isProcessing() {
    int p = phase;
    return p == PROCESSING || p == PROCESSING_DIRTY;
  }

  @Override
  public String toString() {
    return item + "@" + phase;
  }
}
