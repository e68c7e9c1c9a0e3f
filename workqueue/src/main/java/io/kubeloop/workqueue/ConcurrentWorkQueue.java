package io.kubeloop.workqueue;

import static io.kubeloop.workqueue.ItemEntry.Phase.PROCESSING;
import static io.kubeloop.workqueue.ItemEntry.Phase.PROCESSING_DIRTY;
import static io.kubeloop.workqueue.ItemEntry.Phase.QUEUED;
import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link WorkQueue}: client-go's {@code workqueue.Type} without its single lock.
 *
 * <p>client-go keeps a queue, a {@code dirty} set and a {@code processing} set under one mutex,
 * taken three times per item (add, get, done), so workers on different cores queue up behind each
 * other, and a worker descheduled while holding it stops them all. Here:
 *
 * <ul>
 *   <li>the two sets become one {@link ItemEntry} per item, whose phase folds both memberships;
 *   <li>entries live in {@link #STRIPES} hash maps, each under its own lock ({@link ItemStripe}),
 *       so different items rarely meet on a lock, and a stripe's lock guards only a hash-map
 *       operation and a few writes;
 *   <li>the order is a lock-free {@link Fifo} of entries, so {@code get} needs no lookup.
 * </ul>
 *
 * <p>The moves, each made under the item's stripe lock:
 *
 * <pre>
 *   (no entry)       --add-->  QUEUED            and into the FIFO
 *   QUEUED           --get-->  PROCESSING        by the consumer that took it out of the FIFO
 *   PROCESSING       --add-->  PROCESSING_DIRTY
 *   PROCESSING       --done--> (no entry)
 *   PROCESSING_DIRTY --done--> QUEUED            and back into the FIFO
 * </pre>
 *
 * <p>Adds of a QUEUED or PROCESSING_DIRTY item change nothing: that is the dedup. An entry enters
 * the FIFO exactly when it becomes QUEUED, and a QUEUED entry moves on only when taken out, so the
 * FIFO holds each QUEUED entry once and nothing else; hence no item goes to two workers, and an add
 * during processing is never lost. (A consumer that has just taken an entry out still finds it
 * QUEUED until it gets the stripe lock; adds of it meanwhile collapse into that hand-out, which is
 * right: its worker has not started.)
 */
final class ConcurrentWorkQueue<T> implements WorkQueue<T>, QueueGauges {

  /** Stripes of the item map; a power of two, well above the number of busy threads. */
  static final int STRIPES = 64;

  private static final int STRIPE_SHIFT = Integer.SIZE - Integer.numberOfTrailingZeros(STRIPES);

  private final ItemStripe<T>[] stripes;

  /** The QUEUED entries, in the order they are handed out. */
  private final Fifo<ItemEntry<T>> fifo = new Fifo<>();

  private final Clock clock;
  private final QueueMetrics metrics;
  private final boolean timed;

  private volatile boolean shuttingDown;

  private final ReentrantLock drainLock = new ReentrantLock();

  /** Signalled when items being processed may have dropped to zero while someone drains. */
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

  @SuppressWarnings("unchecked")
  ConcurrentWorkQueue(Clock clock, QueueMetrics metrics) {
    this.clock = requireNonNull(clock, "clock");
    this.metrics = requireNonNull(metrics, "metrics");
    this.timed = metrics.enabled();
    this.stripes = new ItemStripe[STRIPES];
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ItemStripe<>();
    }
    metrics.bind(this);
  }

  private ItemStripe<T> stripe(Object item) {
    // Fibonacci hashing: spreads sequential hash codes (Integer keys, say) over all stripes.
    return stripes[(item.hashCode() * 0x9E3779B9) >>> STRIPE_SHIFT];
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
    ItemStripe<T> stripe = stripe(item);
    ItemEntry<T> fresh = new ItemEntry<>(item, stripe, now);
    stripe.acquire();
    try {
      ItemEntry<T> current = stripe.entries.putIfAbsent(item, fresh);
      if (current == null) {
        // In the FIFO before the stripe is released, so that a worker never finds the FIFO
        // empty while an add it could take is half done.
        if (!fifo.offer(fresh, false)) {
          stripe.entries.remove(item, fresh); // shut down meanwhile: as an add after shutdown
          return;
        }
        stripe.queued++;
      } else if (current.phase == PROCESSING) {
        current.phase = PROCESSING_DIRTY;
        current.dirtySince = now;
      } else {
        return; // already dirty: collapse
      }
    } finally {
      stripe.unlock();
    }
    metrics.added();
  }

  @Override
  public Optional<T> get() throws InterruptedException {
    ItemEntry<T> entry = fifo.take();
    if (entry == null) {
      return Optional.empty();
    }
    ItemStripe<T> stripe = entry.stripe;
    long queuedNanos = 0;
    stripe.acquire();
    try {
      entry.phase = PROCESSING;
      stripe.queued--;
      stripe.processing++;
      if (timed) {
        entry.processingSince = clock.nanoTime();
        queuedNanos = entry.processingSince - entry.dirtySince;
      }
    } finally {
      stripe.unlock();
    }
    if (timed) {
      metrics.queued(queuedNanos);
    }
    return Optional.of(entry.item);
  }

  @Override
  public void done(T item) {
    requireNonNull(item, "item must not be null");
    ItemStripe<T> stripe = stripe(item);
    long workedNanos = 0;
    stripe.acquire();
    try {
      ItemEntry<T> entry = stripe.entries.get(item);
      if (entry == null || entry.phase == QUEUED) {
        throw new IllegalStateException(
            "done(" + item + ") called for an item that is not being processed");
      }
      stripe.processing--;
      if (entry.phase == PROCESSING_DIRTY) {
        // Handed out again, also after shutdown: its worker gets it from its next get, as in
        // client-go.
        entry.phase = QUEUED;
        fifo.offer(entry, true);
        stripe.queued++;
      } else {
        stripe.entries.remove(item);
      }
      if (timed) {
        workedNanos = clock.nanoTime() - entry.processingSince;
      }
    } finally {
      stripe.unlock();
    }
    if (timed) {
      metrics.worked(workedNanos);
    }
    // Pairs with shutDownWithDrain(): it sets `draining` and then counts under the stripe locks;
    // we count and then read `draining`. One of the two sees the other.
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
    // Racy reads of the stripes' counts: the answer is informational only, as documented.
    long total = 0;
    for (ItemStripe<T> stripe : stripes) {
      total += stripe.queued;
    }
    return (int) Math.max(0, total);
  }

  /** Items handed out and not yet done. */
  private long processing() {
    long total = 0;
    for (ItemStripe<T> stripe : stripes) {
      stripe.acquire();
      try {
        total += stripe.processing;
      } finally {
        stripe.unlock();
      }
    }
    return total;
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
    long dirty = 0;
    for (ItemStripe<T> stripe : stripes) {
      stripe.acquire();
      try {
        for (ItemEntry<T> e : stripe.entries.values()) {
          if (e.isDirty()) {
            dirty++;
          }
        }
      } finally {
        stripe.unlock();
      }
    }
    return dirty;
  }

  @Override
  public double unfinishedWorkSeconds() {
    return processingAges(false);
  }

  @Override
  public double longestRunningProcessorSeconds() {
    return processingAges(true);
  }

  /** Sum (or maximum) of the ages of the items being processed, in seconds. */
  private double processingAges(boolean max) {
    long now = clock.nanoTime();
    long total = 0;
    long oldest = 0;
    for (ItemStripe<T> stripe : stripes) {
      stripe.acquire();
      try {
        for (ItemEntry<T> e : stripe.entries.values()) {
          if (e.isProcessing()) {
            long age = now - e.processingSince;
            total += age;
            oldest = Math.max(oldest, age);
          }
        }
      } finally {
        stripe.unlock();
      }
    }
    return (max ? oldest : total) / 1e9;
  }
}
