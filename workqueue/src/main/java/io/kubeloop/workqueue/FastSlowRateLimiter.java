package io.kubeloop.workqueue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/** Per-item fast-then-slow retry; see {@link RateLimiter#fastSlow}. */
final class FastSlowRateLimiter<T> implements RateLimiter<T> {

  private final Duration fastDelay;
  private final Duration slowDelay;
  private final int maxFastAttempts;

  /** Failures per item since it was last forgotten; absent means zero. */
  private final ConcurrentHashMap<T, Integer> failures = new ConcurrentHashMap<>();

  FastSlowRateLimiter(Duration fastDelay, Duration slowDelay, int maxFastAttempts) {
    requireNonNull(fastDelay, "fastDelay");
    requireNonNull(slowDelay, "slowDelay");
    if (fastDelay.isNegative() || slowDelay.isNegative()) {
      throw new IllegalArgumentException(
          "delays must not be negative: fast " + fastDelay + ", slow " + slowDelay);
    }
    if (maxFastAttempts < 0) {
      throw new IllegalArgumentException(
          "maxFastAttempts must not be negative: " + maxFastAttempts);
    }
    this.fastDelay = fastDelay;
    this.slowDelay = slowDelay;
    this.maxFastAttempts = maxFastAttempts;
  }

  @Override
  public Duration when(T item) {
    requireNonNull(item, "item");
    int attempt = failures.merge(item, 1, FastSlowRateLimiter::saturatedSum);
    return attempt <= maxFastAttempts ? fastDelay : slowDelay;
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
