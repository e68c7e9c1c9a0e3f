package io.kubeloop.workqueue;

/**
 * One item known to a {@link ConcurrentWorkQueue}: client-go's {@code dirty} and {@code processing}
 * set memberships folded into one phase. All fields but {@link #item} and {@link #stripe} are
 * guarded by {@link #stripe}'s lock.
 *
 * <p>The entry itself travels through the FIFO, so a worker's {@code get} needs no map lookup.
 */
final class ItemEntry<T> {

  enum Phase {
    /** Dirty, not processing: the entry is in the FIFO exactly once (or about to enter it). */
    QUEUED,
    /** Processing, not dirty: one worker has it; not in the FIFO. */
    PROCESSING,
    /** Processing and dirty: added again meanwhile; its worker's done puts it back in the FIFO. */
    PROCESSING_DIRTY
  }

  final T item;
  final ItemStripe<T> stripe;

  Phase phase = Phase.QUEUED;

  /** Clock reading when the item last became dirty; with metrics only. */
  long dirtySince;

  /** Clock reading when a worker got the item; with metrics only. */
  long processingSince;

  ItemEntry(T item, ItemStripe<T> stripe, long dirtySince) {
    this.item = item;
    this.stripe = stripe;
    this.dirtySince = dirtySince;
  }

  boolean isDirty() {
    return phase != Phase.PROCESSING;
  }

  boolean isProcessing() {
    return phase != Phase.QUEUED;
  }

  @Override
  public String toString() {
    return item + "@" + phase;
  }
}
