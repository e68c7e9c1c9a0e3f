package io.kubeloop.workqueue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-item {@code base * 2^failures} backoff, capped; see {@link RateLimiter#exponentialFailure}.
 */
final class ExponentialFailureRateLimiter<T> implements RateLimiter<T> {

  private final long baseNanos;
  private final long maxNanos;
  private final Duration max;

  /** Failures per item since it was last forgotten; absent means zero. */
  private final ConcurrentHashMap<T, Integer> failures = new ConcurrentHashMap<>();

  ExponentialFailureRateLimiter(Duration baseDelay, Duration maxDelay) {
    requireNonNull(baseDelay, "baseDelay");
    requireNonNull(maxDelay, "maxDelay");
    if (baseDelay.isNegative()) {
      throw new IllegalArgumentException("baseDelay must not be negative: " + baseDelay);
    }
    if (maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException(
          "maxDelay (" + maxDelay + ") must not be less than baseDelay (" + baseDelay + ")");
    }
    this.baseNanos = Durations.saturatedNanos(baseDelay);
    this.maxNanos = Durations.saturatedNanos(maxDelay);
    this.max = maxDelay;
  }

  @Override
  public Duration when(T item) {
    requireNonNull(item, "item");
    int exp = failures.merge(item, 1, ExponentialFailureRateLimiter::saturatedSum) - 1;
    // base * 2^exp without overflow: past 62 doublings any positive base exceeds every cap.
    if (exp >= 63 || baseNanos > (maxNanos >> exp)) {
      return baseNanos == 0 ? Duration.ZERO : max;
    }
    return Duration.ofNanos(baseNanos << exp);
  }

  private static int saturatedSum(int a, int b) {
    int sum = a + b;
    return sum < a ? Integer.MAX_VALUE : sum;
  }

  @Override
  public void forget(T item) {
    requireNonNull(item, "item");
    failures.remove(item);
  }

  @Override
  public int numRequeues(T item) {
    requireNonNull(item, "item");
    return failures.getOrDefault(item, 0);
  }
}
