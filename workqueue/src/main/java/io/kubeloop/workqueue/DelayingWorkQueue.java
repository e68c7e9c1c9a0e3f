package io.kubeloop.workqueue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link DelayingQueue}: wraps a {@link WorkQueue} and feeds it from one waiting loop, as
 * client-go's {@code delayingType}.
 *
 * <p>{@link #addAfter} puts the item in a {@link WaitingHeap} under {@link #lock} and wakes the
 * loop only when the earliest time changed. The loop, one virtual thread per queue, waits on the
 * clock until the earliest item is due, moves every due item into the wrapped queue, and waits
 * again. No thread or timer per item, so 100k delayed items cost 100k heap entries.
 */
final class DelayingWorkQueue<T> implements DelayingQueue<T> {

  /** Due items moved per lock hold, so a flood of due items does not hold back addAfter. */
  private static final int BATCH = 1024;

  private final WorkQueue<T> queue;
  private final Clock clock;
  private final QueueMetrics metrics;

  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled when the earliest ready time moved earlier or the queue shut down. */
  private final Condition changed = lock.newCondition();

  /** Guarded by lock. */
  private final WaitingHeap<T> waiting = new WaitingHeap<>();

  /** Guarded by lock. Set at shutdown; the loop exits and delayed items are dropped. */
  private boolean stopped;

  private DelayingWorkQueue(WorkQueue<T> queue, Clock clock, QueueMetrics metrics) {
    this.queue = queue;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Wraps {@code queue} and starts the waiting loop on a virtual thread named {@code name}. */
  static <T> DelayingWorkQueue<T> start(
      WorkQueue<T> queue, Clock clock, QueueMetrics metrics, String threadName) {
    DelayingWorkQueue<T> delaying = new DelayingWorkQueue<>(queue, clock, metrics);
    Thread.ofVirtual().name(threadName).start(delaying::waitingLoop);
    return delaying;
  }

  @Override
  public void addAfter(T item, Duration delay) {
    requireNonNull(item, "item must not be null");
    requireNonNull(delay, "delay must not be null");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    if (queue.isShuttingDown()) {
      return;
    }
    metrics.retried();
    if (delay.isZero()) {
      queue.add(item);
      return;
    }
    long nanos = Math.min(Durations.saturatedNanos(delay), Durations.MAX_DELAY_NANOS);
    lock.lock();
    try {
      if (!stopped && waiting.schedule(item, clock.nanoTime() + nanos)) {
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  private void waitingLoop() {
    List<T> due = new ArrayList<>();
    lock.lock();
    try {
      while (!stopped) {
        long now = clock.nanoTime();
        while (due.size() < BATCH && !waiting.isEmpty() && waiting.peekReadyAt() - now <= 0) {
          due.add(waiting.poll());
        }
        if (!due.isEmpty()) {
          lock.unlock();
          try {
            for (T item : due) {
              queue.add(item);
            }
          } finally {
            lock.lock();
          }
          due.clear();
        } else if (waiting.isEmpty()) {
          changed.await();
        } else {
          clock.awaitUntil(lock, changed, waiting.peekReadyAt());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // nobody interrupts this thread but a JVM shutdown
    } finally {
      lock.unlock();
    }
  }

  /** Items waiting for their time; for tests. */
  int waitingCount() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  private void stopWaiting() {
    lock.lock();
    try {
      stopped = true;
      waiting.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void add(T item) {
    queue.add(item);
  }

  @Override
  public Optional<T> get() throws InterruptedException {
    return queue.get();
  }

  @Override
  public void done(T item) {
    queue.done(item);
  }

  @Override
  public int len() {
    return queue.len();
  }

  @Override
  public void shutDown() {
    queue.shutDown();
    stopWaiting();
  }

  @Override
  public void shutDownWithDrain() throws InterruptedException {
    stopWaiting();
    queue.shutDownWithDrain();
  }

  @Override
  public boolean isShuttingDown() {
    return queue.isShuttingDown();
  }
}
