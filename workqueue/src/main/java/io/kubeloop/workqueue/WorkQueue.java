package io.kubeloop.workqueue;

import java.util.Optional;

/**
 * A work queue for controllers: a FIFO of items to process that collapses duplicates and never
 * hands the same item to two workers at once.
 *
 * <p>Guarantees, the same as client-go's {@code workqueue.Interface}:
 *
 * <ul>
 *   <li><b>Dedup.</b> Adding an item that is already waiting is a no-op: it is processed once.
 *   <li><b>One worker per item.</b> An item handed out by {@link #get()} is not handed out again
 *       until its worker calls {@link #done(Object)}.
 *   <li><b>No lost update.</b> An item added while it is being processed is remembered and handed
 *       out again after {@link #done(Object)}.
 *   <li><b>Fair.</b> Otherwise items are handed out in the order they were added.
 * </ul>
 *
 * <p>Items are compared with {@link Object#equals(Object)} and {@link Object#hashCode()}; they
 * should be small immutable keys (for a controller, namespace and name), never the objects
 * themselves.
 *
 * <p>A worker loop:
 *
 * <pre>{@code
 * while (true) {
 *   Optional<Key> next = queue.get();
 *   if (next.isEmpty()) {
 *     return; // shut down
 *   }
 *   try {
 *     reconcile(next.get());
 *   } finally {
 *     queue.done(next.get());
 *   }
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe; any number of threads, platform or virtual, may add and get
 * concurrently. Blocking is done with {@link java.util.concurrent.locks.Lock}s, never inside {@code
 * synchronized}, so virtual threads do not pin their carrier while waiting.
 *
 * @param <T> the item type
 */
public interface WorkQueue<T> {

  /**
   * Marks {@code item} as needing processing.
   *
   * <p>If the item is already waiting this is a no-op; if it is being processed it is handed out
   * again after {@link #done(Object)}. After {@link #shutDown()} this is a silent no-op, as in
   * client-go, so event handlers racing with shutdown need no special case.
   *
   * @throws NullPointerException if {@code item} is null
   */
  void add(T item);

  /**
   * Blocks until an item is ready and hands it to the caller, who must call {@link #done(Object)}
   * with it once finished, whatever the outcome.
   *
   * <p>After {@link #shutDown()} the items still waiting are handed out; once none is left this
   * returns {@link Optional#empty()} at once, and the worker should exit.
   *
   * @return the item to process, or empty once the queue is shut down and drained
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  Optional<T> get() throws InterruptedException;

  /**
   * Marks {@code item}, previously returned by {@link #get()}, as processed. If it was added again
   * meanwhile it becomes ready again (also after shutdown, so its worker gets it from its next
   * {@link #get()}).
   *
   * @throws NullPointerException if {@code item} is null
   * @throws IllegalStateException if {@code item} is not being processed (never handed out, or
   *     {@code done} called twice)
   */
  void done(T item);

  /**
   * Returns the number of items waiting to be handed out. For information (metrics, logs) only: do
   * not gate {@link #add} or {@link #get} on it, the answer may be stale by the time it is used.
   */
  int len();

  /**
   * Stops accepting new items and lets workers exit: {@link #get()} hands out what is still
   * waiting, then returns empty. Items being processed may still be {@linkplain #done done}. May be
   * called more than once, also after {@link #shutDownWithDrain()} to stop waiting for it.
   */
  void shutDown();

  /**
   * Like {@link #shutDown()}, then waits until every item handed out has been {@linkplain #done
   * done}. Workers must keep calling {@link #done(Object)} for this to return; a concurrent {@link
   * #shutDown()} makes it return at once.
   *
   * @throws InterruptedException if the calling thread is interrupted while waiting
   */
  void shutDownWithDrain() throws InterruptedException;

  /** Returns whether {@link #shutDown()} or {@link #shutDownWithDrain()} has been called. */
  boolean isShuttingDown();

  /** Returns a builder for work queues, delaying queues and rate-limiting queues. */
  static <T> WorkQueueBuilder<T> builder() {
    return new WorkQueueBuilder<>();
  }

  /** Returns an unnamed work queue on the system clock, without metrics. */
  static <T> WorkQueue<T> create() {
    return WorkQueue.<T>builder().build();
  }
}
