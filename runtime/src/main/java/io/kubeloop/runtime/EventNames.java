package io.kubeloop.runtime;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event names: {@code <object name>.<hex>}, where the hex suffix is the clock's time in nanoseconds
 * as in client-go, bumped past the last suffix handed out so that two events recorded at the same
 * instant (or under a fake clock) still get different names. Thread-safe.
 */
final class EventNames {

  private final Clock clock;

  /** The last suffix handed out; suffixes only grow. */
  private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

  EventNames(Clock clock) {
    this.clock = clock;
  }

  String next(String objectName) {
    Instant now = clock.instant();
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    long suffix = last.updateAndGet(prev -> Math.max(nanos, prev + 1));
    return objectName + "." + Long.toHexString(suffix);
  }
}
