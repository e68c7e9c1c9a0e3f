package io.kubeloop.informers;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter, as client-go's reflector uses (800 ms doubling to 30 s, reset
 * after two minutes without failures): each delay is the current step plus up to one step of random
 * jitter, capped at the maximum.
 *
 * <p>Not thread-safe: one per reflector thread.
 */
final class Backoff {

  static final Duration RESET_AFTER = Duration.ofMinutes(2);

  private final long initialNanos;
  private final long maxNanos;
  private final long resetAfterNanos;
  private final Clock clock;
  private final RandomGenerator random;

  private long stepNanos;
  private long lastFailureNanos;
  private boolean failedBefore;

  Backoff(
      Duration initial, Duration max, Duration resetAfter, Clock clock, RandomGenerator random) {
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
    this.resetAfterNanos = resetAfter.toNanos();
    this.clock = clock;
    this.random = random;
    this.stepNanos = initialNanos;
  }

  /** The delay before the next attempt after a failure now. */
  Duration next() {
    long now = clock.nanoTime();
    if (!failedBefore || now - lastFailureNanos > resetAfterNanos) {
      stepNanos = initialNanos;
    }
    failedBefore = true;
    lastFailureNanos = now;
    long step = stepNanos;
    stepNanos = Math.min(maxNanos, stepNanos * 2);
    long jitter = (long) (random.nextDouble() * step);
    return Duration.ofNanos(Math.min(maxNanos, step + jitter));
  }

  /** Forgets earlier failures. */
  void reset() {
    failedBefore = false;
    stepNanos = initialNanos;
  }
}
