package io.kubeloop.runtime;

import static java.util.Objects.requireNonNull;

import io.kubeloop.workqueue.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A wall clock that moves with a monotonic {@link Clock}: {@code anchor} plus the time the
 * monotonic clock has advanced since. With a {@code FakeClock}, stepping it moves "now" and fires
 * delayed requeues together, so a test of a schedule ("run at 10:00") needs one clock only.
 * Immutable; thread-safe.
 */
final class MonotonicWallClock extends java.time.Clock {

  private final Clock clock;
  private final Instant anchor;
  private final long anchorNanos;
  private final ZoneId zone;

  private MonotonicWallClock(Clock clock, Instant anchor, long anchorNanos, ZoneId zone) {
    this.clock = clock;
    this.anchor = anchor;
    this.anchorNanos = anchorNanos;
    this.zone = zone;
  }

  /** A wall clock reading {@code now} at {@code clock}'s current reading, in UTC. */
  static MonotonicWallClock anchored(Clock clock, Instant now) {
    return new MonotonicWallClock(
        requireNonNull(clock, "clock"),
        requireNonNull(now, "now"),
        clock.nanoTime(),
        ZoneOffset.UTC);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public java.time.Clock withZone(ZoneId zone) {
    return new MonotonicWallClock(clock, anchor, anchorNanos, requireNonNull(zone, "zone"));
  }

  @Override
  public Instant instant() {
    return anchor.plusNanos(clock.nanoTime() - anchorNanos);
  }

  @Override
  public String toString() {
    return "MonotonicWallClock[" + clock + ", " + zone + "]";
  }
}
