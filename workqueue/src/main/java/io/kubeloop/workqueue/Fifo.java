package io.kubeloop.workqueue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The order in which a {@link ConcurrentWorkQueue} hands items out: an unbounded blocking FIFO that
 * can be closed.
 *
 * <p>The algorithm is the two-lock queue of {@link java.util.concurrent.LinkedBlockingQueue}
 * (Michael and Scott): producers lock only the tail and consumers only the head, so an add and a
 * get do not contend. Two changes: {@link #close()} wakes consumers, who then drain what is left
 * and get {@code null}; and a producer signals consumers only when one is actually waiting, which
 * saves taking the consumers' lock on every add in the common busy case.
 *
 * <p>Thread-safe. Items must not be null.
 */
final class Fifo<T> {

  private static final class Node<T> {
    T item;
    Node<T> next;

    Node(T item) {
      this.item = item;
    }
  }

  private final ReentrantLock takeLock = new ReentrantLock();
  private final Condition notEmpty = takeLock.newCondition();
  private final ReentrantLock putLock = new ReentrantLock();

  /** Number of items; also publishes the links written under putLock to consumers. */
  private final AtomicInteger count = new AtomicInteger();

  /** Consumers blocked in {@link #take}; producers skip the signal when zero. */
  private final AtomicInteger waiting = new AtomicInteger();

  /** Guarded by takeLock. A dummy node: {@code head.item == null}, the first item follows. */
  private Node<T> head;

  /** Guarded by putLock. {@code last.next == null}. */
  private Node<T> last;

  /** Set under putLock (so a put and a close are ordered), read anywhere. */
  private volatile boolean closed;

  Fifo() {
    last = head = new Node<>(null);
  }

  /**
   * Appends {@code item}, unless the FIFO is closed and {@code evenIfClosed} is false.
   *
   * @return whether the item was appended
   */
  boolean offer(T item, boolean evenIfClosed) {
    int c;
    putLock.lock();
    try {
      if (closed && !evenIfClosed) {
        return false;
      }
      Node<T> node = new Node<>(item);
      last.next = node;
      last = node;
      c = count.getAndIncrement();
    } finally {
      putLock.unlock();
    }
    // Pairs with take(): the consumer announces itself in `waiting` and then re-reads `count`, we
    // bump `count` and then read `waiting`; one of the two sees the other.
    if (c == 0 && waiting.get() > 0) {
      takeLock.lock();
      try {
        notEmpty.signal();
      } finally {
        takeLock.unlock();
      }
    }
    return true;
  }

  /**
   * Removes and returns the first item, waiting for one if needed; returns {@code null} once the
   * FIFO is closed and empty.
   */
  T take() throws InterruptedException {
    T item;
    int c;
    takeLock.lockInterruptibly();
    try {
      while (count.get() == 0) {
        // Read closed before the recount: a put that beat close() is then visible.
        if (closed && count.get() == 0) {
          return null;
        }
        waiting.incrementAndGet();
        try {
          if (count.get() == 0 && !closed) {
            notEmpty.await();
          }
        } finally {
          waiting.decrementAndGet();
        }
      }
      Node<T> first = head.next;
      head.next = head; // help GC
      head = first;
      item = first.item;
      first.item = null;
      c = count.getAndDecrement();
      if (c > 1 && waiting.get() > 0) {
        notEmpty.signal(); // cascade: more items for other waiting consumers
      }
    } finally {
      takeLock.unlock();
    }
    return item;
  }

  int size() {
    return count.get();
  }

  /** Makes further non-forced offers fail and wakes all consumers. */
  void close() {
    putLock.lock();
    try {
      closed = true;
    } finally {
      putLock.unlock();
    }
    takeLock.lock();
    try {
      notEmpty.signalAll();
    } finally {
      takeLock.unlock();
    }
  }
}
