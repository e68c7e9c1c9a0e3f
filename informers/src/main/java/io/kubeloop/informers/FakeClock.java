package io.kubeloop.informers;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Clock} that moves only when a test {@linkplain #step(Duration) steps} it; stepping wakes
 * the threads whose deadline it reaches. {@link #awaitWaiters(int, Duration)} lets a test wait (in
 * real time) until the code under test is parked on the clock, then step past its deadline.
 *
 * <p>Thread-safe.
 */
public final class FakeClock implements Clock {

  private record Waiter(Lock lock, Condition condition, long deadline) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition waitersChanged = lock.newCondition();

  /** Written under {@link #lock}; volatile so that reads need no lock. */
  private volatile long now;

  /** Guarded by {@link #lock}: threads parked in {@link #awaitUntil}. */
  private final List<Waiter> waiters = new ArrayList<>();

  public FakeClock() {}

  @Override
  public long nanoTime() {
    return now;
  }

  /**
   * Moves the clock forward and wakes the waiters whose deadline is reached.
   *
   * @throws IllegalArgumentException if {@code delta} is negative
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
    // signal outside our lock: a waiter holds its own lock while registering with us
    for (Waiter w : due) {
      w.lock().lock();
      try {
        w.condition().signalAll();
      } finally {
        w.lock().unlock();
      }
    }
  }

  /** The number of threads parked on this clock right now. */
  public int waiterCount() {
    lock.lock();
    try {
      return waiters.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The earliest deadline among parked threads, as a duration from now; empty if none waits. Tests
   * use it to step exactly to the next wake-up.
   */
  public java.util.Optional<Duration> nextDeadline() {
    lock.lock();
    try {
      return waiters.stream().mapToLong(Waiter::deadline).min().stream()
          .mapToObj(d -> Duration.ofNanos(Math.max(0, d - now)))
          .findFirst();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits, in real time up to {@code timeout}, until at least {@code count} threads are parked on
   * this clock.
   *
   * @return whether they are
   */
  public boolean awaitWaiters(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (waiters.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        waitersChanged.await(left, TimeUnit.NANOSECONDS);
      }
      return true;
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
      waitersChanged.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      // the caller holds waiterLock; a step signals through it, so no wake-up is lost
      condition.await();
    } finally {
      lock.lock();
      try {
        waiters.remove(waiter);
        waitersChanged.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
