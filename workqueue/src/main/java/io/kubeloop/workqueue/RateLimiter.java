package io.kubeloop.workqueue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * Decides how long an item must wait before it is retried, as client-go's {@code
 * workqueue.RateLimiter}.
 *
 * <p>Per-item limiters count failures per item until {@link #forget(Object)}; overall limiters (the
 * token bucket) ignore the item. {@link #defaultControllerRateLimiter()} combines both and is what
 * controllers use unless told otherwise.
 *
 * <p>Implementations are thread-safe.
 *
 * @param <T> the item type
 */
public interface RateLimiter<T> {

  /** Default base delay of {@link #exponentialFailure()}: 5 ms. */
  Duration DEFAULT_BASE_DELAY = Duration.ofMillis(5);

  /** Default maximum delay of {@link #exponentialFailure()}: 1000 s. */
  Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(1000);

  /** Default rate of {@link #tokenBucket()}: 10 per second. */
  double DEFAULT_QPS = 10;

  /** Default burst of {@link #tokenBucket()}: 100. */
  int DEFAULT_BURST = 100;

  /**
   * Records a failure of {@code item} and returns how long it should wait before its retry. Every
   * call counts, so call it once per retry.
   *
   * @throws NullPointerException if {@code item} is null
   */
  Duration when(T item);

  /**
   * Stops tracking {@code item}, after it succeeded or was given up on; its next failure starts
   * from scratch.
   */
  void forget(T item);

  /** Returns how many failures of {@code item} have been recorded since it was last forgotten. */
  int numRequeues(T item);

  /**
   * Returns client-go's {@code DefaultControllerRateLimiter}: the larger of a per-item exponential
   * backoff (5 ms doubling up to 1000 s) and an overall token bucket (10 per second, burst 100), on
   * the system clock.
   */
  static <T> RateLimiter<T> defaultControllerRateLimiter() {
    return defaultControllerRateLimiter(Clock.system());
  }

  /** As {@link #defaultControllerRateLimiter()}, with the token bucket on {@code clock}. */
  static <T> RateLimiter<T> defaultControllerRateLimiter(Clock clock) {
    return maxOf(exponentialFailure(), tokenBucket(DEFAULT_QPS, DEFAULT_BURST, clock));
  }

  /** Per-item exponential backoff from 5 ms, doubling per failure, capped at 1000 s. */
  static <T> RateLimiter<T> exponentialFailure() {
    return exponentialFailure(DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY);
  }

  /**
   * Per-item exponential backoff: the n-th failure (counting from 0) of an item waits {@code
   * baseDelay * 2^n}, capped at {@code maxDelay}.
   *
   * @throws IllegalArgumentException if {@code baseDelay} is negative or {@code maxDelay} is less
   *     than {@code baseDelay}
   */
  static <T> RateLimiter<T> exponentialFailure(Duration baseDelay, Duration maxDelay) {
    return new ExponentialFailureRateLimiter<>(baseDelay, maxDelay);
  }

  /**
   * Per-item two-speed retry: the first {@code maxFastAttempts} failures of an item wait {@code
   * fastDelay}, later ones {@code slowDelay}.
   *
   * @throws IllegalArgumentException if a delay is negative or {@code maxFastAttempts} is negative
   */
  static <T> RateLimiter<T> fastSlow(Duration fastDelay, Duration slowDelay, int maxFastAttempts) {
    return new FastSlowRateLimiter<>(fastDelay, slowDelay, maxFastAttempts);
  }

  /** Overall token bucket with 10 tokens per second and a burst of 100, on the system clock. */
  static <T> RateLimiter<T> tokenBucket() {
    return tokenBucket(DEFAULT_QPS, DEFAULT_BURST, Clock.system());
  }

  /** Overall token bucket on the system clock; see {@link #tokenBucket(double, int, Clock)}. */
  static <T> RateLimiter<T> tokenBucket(double qps, int burst) {
    return tokenBucket(qps, burst, Clock.system());
  }

  /**
   * Overall token bucket, whatever the item: the bucket holds up to {@code burst} tokens, starts
   * full and refills at {@code qps} tokens per second. Each {@link #when} takes a token, reserving
   * one from the future when the bucket is empty, and returns how long until that token exists
   * (zero if one was there), like {@code rate.Limiter.Reserve().Delay()} in Go.
   *
   * @throws IllegalArgumentException if {@code qps} is not a positive finite number or {@code
   *     burst} is less than 1
   */
  static <T> RateLimiter<T> tokenBucket(double qps, int burst, Clock clock) {
    return new TokenBucketRateLimiter<>(qps, burst, clock);
  }

  /**
   * Asks every limiter (each records the failure) and returns the longest delay; {@link
   * #numRequeues} is the largest count and {@link #forget} forgets in all.
   *
   * @throws IllegalArgumentException if no limiter is given
   */
  @SafeVarargs
  static <T> RateLimiter<T> maxOf(RateLimiter<? super T>... limiters) {
    requireNonNull(limiters, "limiters");
    return new MaxOfRateLimiter<T>(List.of(limiters));
  }
}
