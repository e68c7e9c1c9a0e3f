package io.kubeloop.workqueue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@link RateLimitingQueue}: wraps a {@link DelayingQueue}, as client-go's {@code
 * rateLimitingType}.
 */
final class RateLimitedWorkQueue<T> implements RateLimitingQueue<T> {

  private final DelayingQueue<T> queue;
  private final RateLimiter<? super T> rateLimiter;

  RateLimitedWorkQueue(DelayingQueue<T> queue, RateLimiter<? super T> rateLimiter) {
    this.queue = requireNonNull(queue, "queue");
    this.rateLimiter = requireNonNull(rateLimiter, "rateLimiter");
  }

  @Override
  public void addRateLimited(T item) {
    queue.addAfter(item, rateLimiter.when(requireNonNull(item, "item must not be null")));
  }

  @Override
  public void forget(T item) {
    rateLimiter.forget(requireNonNull(item, "item must not be null"));
  }

  @Override
  public int numRequeues(T item) {
    return rateLimiter.numRequeues(requireNonNull(item, "item must not be null"));
  }

  @Override
  public void addAfter(T item, Duration delay) {
    queue.addAfter(item, delay);
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
  }

  @Override
  public void shutDownWithDrain() throws InterruptedException {
    queue.shutDownWithDrain();
  }

  @Override
  public boolean isShuttingDown() {
    return queue.isShuttingDown();
  }
}
