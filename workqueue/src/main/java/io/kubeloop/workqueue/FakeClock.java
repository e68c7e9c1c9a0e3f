package io.kubeloop.workqueue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Clock} that only moves when a test {@linkplain #step(Duration) steps} it.
 *
 * <p>Stepping wakes every thread waiting in {@link #awaitUntil} whose deadline has been reached, so
 * a delaying queue built with this clock hands out its delayed items as soon as the test steps past
 * their delay:
 *
 * <pre>{@code
 * FakeClock clock = new FakeClock();
 * DelayingQueue<String> queue = WorkQueue.<String>builder().clock(clock).buildDelaying();
 * queue.addAfter("a", Duration.ofSeconds(5));
 * clock.step(Duration.ofSeconds(5));
 * assertThat(queue.get()).contains("a"); // no sleep
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class FakeClock implements Clock {

  /** One thread blocked in {@link #awaitUntil}; signalled through its own lock and condition. */
  private record Waiter(Lock lock, Condition condition, long deadline) {}

  private final ReentrantLock lock = new ReentrantLock();

  /** Guarded by {@link #lock}. Written only under the lock; volatile so reads need no lock. */
  private volatile long now;

  /** Guarded by {@link #lock}. */
  private final List<Waiter> waiters = new ArrayList<>();

  /** Creates a clock reading zero. */
  public FakeClock() {
    this(0);
  }

  /** Creates a clock with the given reading in nanoseconds. */
  public FakeClock(long startNanos) {
    this.now = startNanos;
  }

  @Override
  public long nanoTime() {
    return now;
  }

  /**
   * Moves the clock forward and wakes the waiters whose deadline is now reached.
   *
   * @throws IllegalArgumentException if {@code delta} is negative (a monotonic clock never goes
   *     back)
   */
  public void step(Duration delta) {
    requireNonNull(delta, "delta");
    if (delta.isNegative()) {
      throw new IllegalArgumentException("a clock cannot step backwards: " + delta);
    }
    List<Waiter> due = new ArrayList<>();
    lock.lock();
    try {
      now += delta.toNanos();
      for (Waiter w : waiters) {
        if (now - w.deadline() >= 0) {
          due.add(w);
        }
      }
    } finally {
      lock.unlock();
    }
    // Signal outside our own lock: a waiter holds its lock while registering with us, so taking
    // its lock while holding ours could deadlock.
    for (Waiter w : due) {
      w.lock().lock();
      try {
        w.condition().signalAll();
      } finally {
        w.lock().unlock();
      }
    }
  }

  /** Returns whether some thread is waiting in {@link #awaitUntil} on this clock. */
  public boolean hasWaiters() {
    lock.lock();
    try {
      return !waiters.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void awaitUntil(Lock waiterLock, Condition condition, long deadlineNanos)
      throws InterruptedException {
    Waiter waiter = new Waiter(waiterLock, condition, deadlineNanos);
    lock.lock();
    try {
      if (now - deadlineNanos >= 0) {
        return;
      }
      waiters.add(waiter);
    } finally {
      lock.unlock();
    }
    try {
      // A step between registering and awaiting cannot be missed: step() signals only while
      // holding waiterLock, which we hold until await() releases it.
      condition.await();
    } finally {
      lock.lock();
      try {
        waiters.remove(waiter);
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public String toString() {
    return "FakeClock[" + now + "ns]";
  }
}
