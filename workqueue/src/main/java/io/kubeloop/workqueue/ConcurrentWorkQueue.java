package io.kubeloop.workqueue;

import static io.kubeloop.workqueue.ItemEntry.DONE;
import static io.kubeloop.workqueue.ItemEntry.PROCESSING;
import static io.kubeloop.workqueue.ItemEntry.PROCESSING_DIRTY;
import static io.kubeloop.workqueue.ItemEntry.QUEUED;
import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link WorkQueue}: client-go's {@code workqueue.Type} without its single lock.
 *
 * <p>client-go keeps a queue, a {@code dirty} set and a {@code processing} set under one mutex,
 * taken three times per item (add, get, done), so workers on different cores queue up behind each
 * other. Here the two sets become one phase per item ({@link ItemEntry}), changed by
 * compare-and-set, found through a concurrent map, and the order is a lock-free {@link Fifo} of
 * entries. Different items then meet only in the FIFO.
 *
 * <p>Each move of an entry is one CAS (or a plain write where nobody else may move it):
 *
 * <pre>
 *   (no entry)       --add-->  QUEUED            the adder then puts the entry in the FIFO
 *   QUEUED           --get-->  PROCESSING        only the consumer that took it from the FIFO
 *   PROCESSING       --add-->  PROCESSING_DIRTY
 *   PROCESSING       --done--> DONE              only its worker, who then removes it from the map
 *   PROCESSING_DIRTY --done--> QUEUED            only its worker, who puts it back in the FIFO
 *   DONE             --add-->  (a new entry)     replaces the old one in the map
 * </pre>
 *
 * <p>Adds of a QUEUED or PROCESSING_DIRTY item change nothing: that is the dedup. Because only the
 * thread that made an entry QUEUED puts it in the FIFO, and only the thread that took it out moves
 * it on, the FIFO holds each QUEUED entry exactly once and nothing else; so no item is handed to
 * two workers, and an add during processing is never lost.
 */
final class ConcurrentWorkQueue<T> implements WorkQueue<T>, QueueGauges {

  /**
   * Sized so that the few items in flight at once rarely share a bin: an insert into an empty bin
   * is a CAS, one into a shared bin takes the bin's monitor. A few KiB per queue.
   */
  private static final int INITIAL_CAPACITY = 512;

  /**
   * The entry of every item that is dirty or processing (and, briefly, of items just done); absent
   * items are neither. At most one entry per item; an entry leaves the map only when DONE.
   */
  private final ConcurrentHashMap<T, ItemEntry<T>> entries =
      new ConcurrentHashMap<>(INITIAL_CAPACITY);

  /** The QUEUED entries, in the order they are handed out. */
  private final Fifo<ItemEntry<T>> fifo = new Fifo<>();

  /**
   * Entries in the FIFO: incremented after an entry is in the map and before it enters the FIFO,
   * decremented after it leaves. So {@code entries.mappingCount() - queued} counts the items being
   * processed, overestimated only while a move is under way (whose end then signals a drain).
   */
  private final LongAdder queued = new LongAdder();

  private final Clock clock;
  private final QueueMetrics metrics;
  private final boolean timed;

  private volatile boolean shuttingDown;

  private final ReentrantLock drainLock = new ReentrantLock();

  /** Signalled when the number of items processed may have dropped while someone drains. */
  private final Condition drained = drainLock.newCondition();

  /** Guarded by drainLock. Threads in {@link #shutDownWithDrain()}. */
  private int drainWaiters;

  /** Guarded by drainLock. Set by {@link #shutDown()} to end the drain waits. */
  private boolean drainCancelled;

  /**
   * Whether {@link #drainWaiters} is positive; written under drainLock, read without it so the hot
   * paths take the lock only while someone drains.
   */
  private volatile boolean draining;

  ConcurrentWorkQueue(Clock clock, QueueMetrics metrics) {
    this.clock = requireNonNull(clock, "clock");
    this.metrics = requireNonNull(metrics, "metrics");
    this.timed = metrics.enabled();
    metrics.bind(this);
  }

  private long now() {
    return timed ? clock.nanoTime() : 0;
  }

  @Override
  public void add(T item) {
    requireNonNull(item, "item must not be null");
    if (shuttingDown) {
      return;
    }
    long now = now();
    ItemEntry<T> fresh = new ItemEntry<>(item, now);
    while (true) {
      // Optimistic: most adds are of items not in the queue.
      ItemEntry<T> current = entries.putIfAbsent(item, fresh);
      if (current == null) {
        enqueue(fresh);
        return;
      }
      switch (current.phase()) {
        case QUEUED, PROCESSING_DIRTY -> {
          return; // already dirty: collapse
        }
        case PROCESSING -> {
          current.dirtySince = now;
          if (current.casPhase(PROCESSING, PROCESSING_DIRTY)) {
            metrics.added();
            return;
          }
        }
        default -> { // DONE: its worker is removing it; take its place
          if (entries.replace(item, current, fresh)) {
            enqueue(fresh);
            return;
          }
        }
      }
    }
  }

  /** Puts a new QUEUED entry, already in the map, in the FIFO; drops it if shut down meanwhile. */
  private void enqueue(ItemEntry<T> entry) {
    queued.increment();
    if (fifo.offer(entry, false)) {
      metrics.added();
    } else {
      queued.decrement();
      entry.phase(DONE);
      entries.remove(entry.item, entry);
    }
    signalIfDraining();
  }

  @Override
  public Optional<T> get() throws InterruptedException {
    ItemEntry<T> entry = fifo.take();
    if (entry == null) {
      return Optional.empty();
    }
    queued.decrement();
    if (timed) {
      long now = clock.nanoTime();
      entry.processingSince = now;
      metrics.queued(now - entry.dirtySince);
    }
    entry.phase(PROCESSING); // a QUEUED entry is moved only by whoever took it from the FIFO
    return Optional.of(entry.item);
  }

  @Override
  public void done(T item) {
    requireNonNull(item, "item must not be null");
    ItemEntry<T> entry = entries.get(item);
    while (true) {
      int phase = entry == null ? DONE : entry.phase();
      if (phase == PROCESSING) {
        if (!entry.casPhase(PROCESSING, DONE)) {
          continue; // an add made it PROCESSING_DIRTY meanwhile
        }
        entries.remove(item, entry);
      } else if (phase == PROCESSING_DIRTY) {
        // Adds of a dirty item change nothing, so only we move it. Hand it out again, also after
        // shutdown: the worker calling done gets it from its next get, as in client-go.
        entry.phase(QUEUED);
        queued.increment();
        fifo.offer(entry, true);
      } else {
        throw new IllegalStateException(
            "done(" + item + ") called for an item that is not being processed");
      }
      break;
    }
    if (timed) {
      metrics.worked(clock.nanoTime() - entry.processingSince);
    }
    signalIfDraining();
  }

  private void signalIfDraining() {
    // Pairs with shutDownWithDrain(): it sets `draining` and then counts, we change the counts
    // and then read `draining`; one of the two sees the other.
    if (draining) {
      drainLock.lock();
      try {
        drained.signalAll();
      } finally {
        drainLock.unlock();
      }
    }
  }

  /** Items handed out and not yet done, overestimated while an add or done is under way. */
  private long processing() {
    long inFifo = queued.sum(); // first: a move out of the FIFO then counts as still queued
    return entries.mappingCount() - inFifo;
  }

  @Override
  public int len() {
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, queued.sum()));
  }

  @Override
  public void shutDown() {
    shuttingDown = true;
    fifo.close();
    if (draining) {
      drainLock.lock();
      try {
        drainCancelled = true; // a plain shutDown ends a concurrent shutDownWithDrain
        drained.signalAll();
      } finally {
        drainLock.unlock();
      }
    }
  }

  @Override
  public void shutDownWithDrain() throws InterruptedException {
    drainLock.lock();
    try {
      drainWaiters++;
      draining = true;
      shuttingDown = true;
      fifo.close();
      while (!drainCancelled && processing() > 0) {
        drained.await();
      }
    } finally {
      draining = --drainWaiters > 0;
      drainLock.unlock();
    }
  }

  @Override
  public boolean isShuttingDown() {
    return shuttingDown;
  }

  @Override
  public double depth() {
    int dirty = 0;
    for (ItemEntry<T> e : entries.values()) {
      if (e.isDirty()) {
        dirty++;
      }
    }
    return dirty;
  }

  @Override
  public double unfinishedWorkSeconds() {
    long now = clock.nanoTime();
    double total = 0;
    for (ItemEntry<T> e : entries.values()) {
      if (e.isProcessing()) {
        total += (now - e.processingSince) / 1e9;
      }
    }
    return total;
  }

  @Override
  public double longestRunningProcessorSeconds() {
    long now = clock.nanoTime();
    long oldest = 0;
    for (ItemEntry<T> e : entries.values()) {
      if (e.isProcessing()) {
        oldest = Math.max(oldest, now - e.processingSince);
      }
    }
    return oldest / 1e9;
  }
}
