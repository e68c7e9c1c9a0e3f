package io.kubeloop.workqueue;

import java.time.Duration;

/** Duration arithmetic that saturates instead of overflowing. */
final class Durations {

  /**
   * The longest delay a queue honours, about 146 years: keeps {@code now + delay} comparable with
   * {@code now} by subtraction, as {@link System#nanoTime()} readings must be.
   */
  static final long MAX_DELAY_NANOS = Long.MAX_VALUE >> 1;

  private Durations() {}

  /** Returns {@code d} in nanoseconds, or {@link Long#MAX_VALUE} if it does not fit. */
  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
