package io.kubeloop.workqueue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Overall token bucket with reservations, as Go's {@code golang.org/x/time/rate.Limiter} used
 * through {@code Reserve().Delay()}; see {@link RateLimiter#tokenBucket(double, int, Clock)}.
 *
 * <p>Tokens may go negative: a caller finding the bucket empty takes a token that will only exist
 * later and is told how long to wait for it, so concurrent callers are spaced {@code 1/qps} apart.
 */
final class TokenBucketRateLimiter<T> implements RateLimiter<T> {

  private static final double NANOS_PER_SECOND = 1e9;

  private final double qps;
  private final int burst;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();

  /** Guarded by {@link #lock}. Tokens at {@link #last}; negative when reserved ahead. */
  private double tokens;

  /** Guarded by {@link #lock}. Clock reading {@link #tokens} was computed at. */
  private long last;

  TokenBucketRateLimiter(double qps, int burst, Clock clock) {
    if (!(qps > 0) || Double.isInfinite(qps)) {
      throw new IllegalArgumentException("qps must be a positive finite number: " + qps);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1: " + burst);
    }
    this.qps = qps;
    this.burst = burst;
    this.clock = requireNonNull(clock, "clock");
    this.tokens = burst;
    this.last = clock.nanoTime();
  }

  @Override
  public Duration when(T item) {
    requireNonNull(item, "item");
    lock.lock();
    try {
      long now = clock.nanoTime();
      long elapsed = now - last;
      if (elapsed > 0) {
        tokens = Math.min(burst, tokens + elapsed / NANOS_PER_SECOND * qps);
        last = now;
      }
      tokens -= 1;
      if (tokens >= 0) {
        return Duration.ZERO;
      }
      return Duration.ofNanos((long) (-tokens * NANOS_PER_SECOND / qps));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void forget(T item) {
    // Overall limiter: nothing is tracked per item.
  }

  @Override
  public int numRequeues(T item) {
    return 0;
  }
}
