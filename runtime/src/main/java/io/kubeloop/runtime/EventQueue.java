package io.kubeloop.runtime;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-over between recorders and the sending thread.
 *
 * <p>{@link #offer} never blocks (a full queue refuses the item), {@link #take} waits for an item,
 * and {@link #close} stops new items while letting the sender drain what is queued: after it,
 * {@link #take} returns the remaining items and then null. The sender also waits out its retry
 * delays here ({@link #sleep}), so that closing cuts them short.
 *
 * <p>Thread-safe.
 */
final class EventQueue<T> {

  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /** Guarded by {@link #lock}. */
  private final ArrayDeque<T> items = new ArrayDeque<>();

  /** Guarded by {@link #lock}. Once true, never false again. */
  private boolean closed;

  EventQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.capacity = capacity;
  }

  /** Queues {@code item} unless the queue is full or closed; never blocks. */
  boolean offer(T item) {
    lock.lock();
    try {
      if (closed || items.size() >= capacity) {
        return false;
      }
      items.addLast(item);
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The next item, waiting for one; null once the queue is closed and empty. */
  T take() throws InterruptedException {
    lock.lock();
    try {
      while (items.isEmpty() && !closed) {
        changed.await();
      }
      return items.pollFirst();
    } finally {
      lock.unlock();
    }
  }

  /** Waits for {@code delay} or until the queue is closed; returns whether it is still open. */
  boolean sleep(Duration delay) throws InterruptedException {
    lock.lock();
    try {
      long nanos = delay.toNanos();
      while (!closed && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
      return !closed;
    } finally {
      lock.unlock();
    }
  }

  /** Refuses new items and wakes the sender; queued items can still be taken. */
  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return items.size();
    } finally {
      lock.unlock();
    }
  }
}
