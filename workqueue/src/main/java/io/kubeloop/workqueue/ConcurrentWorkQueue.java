package io.kubeloop.workqueue;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link WorkQueue}: client-go's {@code workqueue.Type} without its single lock.
 *
 * <p>client-go keeps a queue, a {@code dirty} set and a {@code processing} set under one mutex. A
 * single lock taken three times per item (add, get, done) makes workers on different cores queue up
 * behind each other, so here the two sets become one concurrent map from item to {@link ItemState},
 * changed by compare-and-set, and the order is a separate two-lock {@link Fifo}. Items with
 * different keys then meet only in the FIFO, whose producers and consumers use different locks.
 *
 * <p>Each transition is one CAS on the item's map entry; who may perform it:
 *
 * <pre>
 *   absent           --add-->  QUEUED            (the adder then appends the item to the FIFO)
 *   QUEUED           --get-->  PROCESSING        (only the consumer that took it from the FIFO)
 *   PROCESSING       --add-->  PROCESSING_DIRTY
 *   PROCESSING       --done--> absent            (only its worker)
 *   PROCESSING_DIRTY --done--> QUEUED            (only its worker, who appends it to the FIFO)
 * </pre>
 *
 * <p>Adds of an item in QUEUED or PROCESSING_DIRTY change nothing: that is the dedup. Because only
 * the thread that made an item QUEUED appends it, and only the thread that took it out moves it on,
 * the FIFO holds each QUEUED item exactly once and nothing else.
 */
final class ConcurrentWorkQueue<T> implements WorkQueue<T>, QueueGauges {

  /**
   * Every item that is dirty or processing, with its {@link ItemState}; absent items are neither.
   * Invariants: an item is in {@link #fifo} iff its state is QUEUED (except transiently, between
   * the CAS and the append or removal by the one thread allowed to do it); at most one worker has a
   * PROCESSING or PROCESSING_DIRTY item.
   */
  private final ConcurrentHashMap<T, ItemState> states = new ConcurrentHashMap<>();

  /** QUEUED items in the order they are handed out. */
  private final Fifo<T> fifo = new Fifo<>();

  /**
   * Gets in progress plus items handed out and not yet done; read only by {@link
   * #shutDownWithDrain()}.
   */
  private final LongAdder processing = new LongAdder();

  private final Clock clock;
  private final QueueMetrics metrics;
  private final boolean timed;

  private volatile boolean shuttingDown;

  private final ReentrantLock drainLock = new ReentrantLock();

  /** Signalled when {@link #processing} drops while someone drains. */
  private final Condition drained = drainLock.newCondition();

  /** Guarded by drainLock. Threads in {@link #shutDownWithDrain()}. */
  private int drainWaiters;

  /** Guarded by drainLock. Set by {@link #shutDown()} to end the drain waits. */
  private boolean drainCancelled;

  /**
   * Whether {@link #drainWaiters} is positive; written under drainLock, read without it so {@link
   * #done} takes the lock only while someone drains.
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
    ItemState fresh = ItemState.queued(timed, now());
    while (true) {
      ItemState current = states.putIfAbsent(item, fresh);
      if (current == null) {
        if (fifo.offer(item, false)) {
          metrics.added();
        } else {
          states.remove(item, fresh); // shut down meanwhile: drop it, as an add after shutdown
        }
        return;
      }
      if (current.isDirty()) {
        return; // already waiting, or to be handed out again after done: collapse
      }
      if (states.replace(item, current, current.dirtied(timed, fresh.dirtySince))) {
        metrics.added();
        return;
      }
      // Its worker called done meanwhile: start over.
    }
  }

  @Override
  public Optional<T> get() throws InterruptedException {
    // Counted before taking so that a drain never misses an item between the FIFO and its state.
    processing.increment();
    T item;
    try {
      item = fifo.take();
    } catch (InterruptedException | RuntimeException e) {
      finishedProcessing();
      throw e;
    }
    if (item == null) {
      finishedProcessing();
      return Optional.empty();
    }
    // Nobody else changes a QUEUED item (adds of it are no-ops), so this cannot race.
    ItemState queued = states.get(item);
    long now = now();
    states.replace(item, queued.started(timed, now));
    if (timed) {
      metrics.queued(now - queued.dirtySince);
    }
    return Optional.of(item);
  }

  @Override
  public void done(T item) {
    requireNonNull(item, "item must not be null");
    while (true) {
      ItemState current = states.get(item);
      if (current == null || !current.isProcessing()) {
        throw new IllegalStateException(
            "done(" + item + ") called for an item that is not being processed");
      }
      if (current.isDirty()) {
        // PROCESSING_DIRTY: adds of it are no-ops, so only we change it. Hand it out again, also
        // after shutdown (the worker calling done gets it from its next get, as in client-go).
        states.replace(item, current.requeued(timed));
        fifo.offer(item, true);
      } else if (!states.remove(item, current)) {
        continue; // an add made it PROCESSING_DIRTY meanwhile
      }
      if (timed) {
        metrics.worked(clock.nanoTime() - current.processingSince);
      }
      break;
    }
    finishedProcessing();
  }

  private void finishedProcessing() {
    processing.decrement();
    // Pairs with shutDownWithDrain(): it sets `draining` and then sums `processing`, we decrement
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

  @Override
  public int len() {
    return fifo.size();
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
      while (!drainCancelled && processing.sum() > 0) {
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
    for (ItemState s : states.values()) {
      if (s.isDirty()) {
        dirty++;
      }
    }
    return dirty;
  }

  @Override
  public double unfinishedWorkSeconds() {
    long now = clock.nanoTime();
    double total = 0;
    for (ItemState s : states.values()) {
      if (s.isProcessing()) {
        total += (now - s.processingSince) / 1e9;
      }
    }
    return total;
  }

  @Override
  public double longestRunningProcessorSeconds() {
    long now = clock.nanoTime();
    long oldest = 0;
    for (ItemState s : states.values()) {
      if (s.isProcessing()) {
        oldest = Math.max(oldest, now - s.processingSince);
      }
    }
    return oldest / 1e9;
  }
}
