package io.kubeloop.workqueue;

/**
 * A {@link DelayingQueue} that requeues failed items after a delay chosen by a {@link RateLimiter}:
 * per-item exponential backoff, an overall rate, or both.
 *
 * <p>Remember to call {@link #forget(Object)} once an item succeeds (or is given up on): the
 * limiter otherwise keeps counting its failures, and keeps their memory, forever.
 *
 * <pre>{@code
 * try {
 *   reconcile(key);
 *   queue.forget(key);
 * } catch (RuntimeException e) {
 *   queue.addRateLimited(key);
 * } finally {
 *   queue.done(key);
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @param <T> the item type
 */
public interface RateLimitingQueue<T> extends DelayingQueue<T> {

  /**
   * Adds {@code item} after the delay the rate limiter asks for: {@code addAfter(item,
   * limiter.when(item))}. Counts as a failure of the item.
   *
   * @throws NullPointerException if {@code item} is null
   */
  void addRateLimited(T item);

  /**
   * Tells the rate limiter to stop tracking {@code item}: its next failure starts from the base
   * delay again. Only clears the limiter; {@link #done(Object)} must still be called.
   */
  void forget(T item);

  /** Returns how many times {@code item} has been requeued through {@link #addRateLimited}. */
  int numRequeues(T item);

  /** Returns an unnamed queue on the system clock with the given limiter, without metrics. */
  static <T> RateLimitingQueue<T> create(RateLimiter<? super T> rateLimiter) {
    return WorkQueue.<T>builder().rateLimiter(rateLimiter).buildRateLimiting();
  }
}
