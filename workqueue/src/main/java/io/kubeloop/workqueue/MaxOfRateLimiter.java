package io.kubeloop.workqueue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * The worst case of several limiters; see {@link RateLimiter#maxOf}.
 *
 * <p>Every limiter is asked on each {@link #when}, so each one records the failure (or takes its
 * token) even when another one's delay wins. As in client-go, a token bucket's burst may thus be
 * exceeded in appearance when items are held back longer by a per-item limiter.
 */
final class MaxOfRateLimiter<T> implements RateLimiter<T> {

  private final List<RateLimiter<? super T>> limiters;

  MaxOfRateLimiter(List<RateLimiter<? super T>> limiters) {
    if (limiters.isEmpty()) {
      throw new IllegalArgumentException("maxOf needs at least one rate limiter");
    }
    this.limiters = limiters;
  }

  @Override
  public Duration when(T item) {
    requireNonNull(item, "item");
    Duration max = Duration.ZERO;
    for (RateLimiter<? super T> limiter : limiters) {
      Duration d = limiter.when(item);
      if (d.compareTo(max) > 0) {
        max = d;
      }
    }
    return max;
  }

  @Override
  public void forget(T item) {
    requireNonNull(item, "item");
    for (RateLimiter<? super T> limiter : limiters) {
      limiter.forget(item);
    }
  }

  @Override
  public int numRequeues(T item) {
    requireNonNull(item, "item");
    int max = 0;
    for (RateLimiter<? super T> limiter : limiters) {
      max = Math.max(max, limiter.numRequeues(item));
    }
    return max;
  }
}
