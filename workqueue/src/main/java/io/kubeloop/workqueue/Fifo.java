package io.kubeloop.workqueue;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The order in which a {@link ConcurrentWorkQueue} hands items out: an unbounded blocking FIFO that
 * can be closed, over the JDK's lock-free {@link LinkedTransferQueue}.
 *
 * <p>A {@code LinkedBlockingQueue} takes a producer lock, a consumer lock and two atomic counts per
 * item; the transfer queue needs about one compare-and-set on each side and hands an item straight
 * to a waiting consumer. Consumers park (virtual-thread friendly), never block inside {@code
 * synchronized}.
 *
 * <p>Closing puts a single token in the queue. A consumer that takes it puts it back before
 * returning, so it reaches every blocked consumer in turn, behind any item still queued; once the
 * queue holds only the token, takers get {@code null}.
 *
 * <p>Thread-safe. Elements must not be null.
 */
final class Fifo<E> {

  private static final Object CLOSED = new Object();

  private final LinkedTransferQueue<Object> queue = new LinkedTransferQueue<>();

  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Appends {@code e}, unless the FIFO is closed and {@code evenIfClosed} is false.
   *
   * <p>An offer racing with {@link #close()} may still be accepted after consumers have left;
   * callers treat such an element as dropped, exactly as if the offer had come after the close.
   *
   * @return whether the element was appended
   */
  boolean offer(E e, boolean evenIfClosed) {
    if (!evenIfClosed && closed.get()) {
      return false;
    }
    queue.put(e);
    return true;
  }

  /**
   * Removes and returns the first element, waiting for one if needed; returns {@code null} once the
   * FIFO is closed and empty.
   */
  @SuppressWarnings("unchecked")
  E take() throws InterruptedException {
    Object x = closed.get() ? queue.poll() : queue.take();
    if (x == CLOSED) {
      x = queue.poll(); // never the token: there is one, and we hold it
      queue.put(CLOSED);
    }
    return (E) x;
  }

  /** Makes further non-forced offers fail and wakes all consumers. Idempotent. */
  void close() {
    if (closed.compareAndSet(false, true)) {
      queue.put(CLOSED);
    }
  }
}
