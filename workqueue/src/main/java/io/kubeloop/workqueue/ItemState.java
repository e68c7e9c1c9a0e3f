package io.kubeloop.workqueue;

/**
 * Where an item stands in a {@link ConcurrentWorkQueue}: client-go's {@code dirty} and {@code
 * processing} sets folded into one value per item.
 *
 * <p>Instances are immutable and compared by identity (no {@code equals}), so {@code
 * ConcurrentHashMap.replace(key, expected, next)} is a compare-and-set on the state. Without
 * metrics the queue uses the three shared constants and allocates nothing on a transition; with
 * metrics each state carries the clock readings the latency histograms need.
 */
final class ItemState {

  enum Phase {
    /** Dirty, not processing: the item is in the FIFO exactly once. */
    QUEUED,
    /** Processing, not dirty: a worker has it; not in the FIFO. */
    PROCESSING,
    /** Processing and dirty: added again meanwhile; {@code done} puts it back in the FIFO. */
    PROCESSING_DIRTY
  }

  static final ItemState QUEUED = new ItemState(Phase.QUEUED, 0, 0);
  static final ItemState PROCESSING = new ItemState(Phase.PROCESSING, 0, 0);
  static final ItemState PROCESSING_DIRTY = new ItemState(Phase.PROCESSING_DIRTY, 0, 0);

  final Phase phase;

  /** Clock reading when the item became dirty; meaningful only with metrics. */
  final long dirtySince;

  /** Clock reading when a worker got the item; meaningful only with metrics. */
  final long processingSince;

  private ItemState(Phase phase, long dirtySince, long processingSince) {
    this.phase = phase;
    this.dirtySince = dirtySince;
    this.processingSince = processingSince;
  }

  /** A new item becomes dirty (timed: {@code now} is a clock reading; otherwise ignored). */
  static ItemState queued(boolean timed, long now) {
    return timed ? new ItemState(Phase.QUEUED, now, 0) : QUEUED;
  }

  /** QUEUED → PROCESSING. */
  ItemState started(boolean timed, long now) {
    return timed ? new ItemState(Phase.PROCESSING, 0, now) : PROCESSING;
  }

  /** PROCESSING → PROCESSING_DIRTY. */
  ItemState dirtied(boolean timed, long now) {
    return timed ? new ItemState(Phase.PROCESSING_DIRTY, now, processingSince) : PROCESSING_DIRTY;
  }

  /** PROCESSING_DIRTY → QUEUED, keeping the time it became dirty. */
  ItemState requeued(boolean timed) {
    return timed ? new ItemState(Phase.QUEUED, dirtySince, 0) : QUEUED;
  }

  boolean isDirty() {
    return phase != Phase.PROCESSING;
  }

  boolean isProcessing() {
    return phase != Phase.QUEUED;
  }

  @Override
  public String toString() {
    return phase.name();
  }
}
