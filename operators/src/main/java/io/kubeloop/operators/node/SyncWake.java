package io.kubeloop.operators.node;

import java.time.Duration;
import java.util.Optional;

/** The earliest time a pod sync wants to run again, as a reading of the agent clock. */
final class SyncWake {
  private long earliest;
  private boolean set;

  void at(long nanos) {
    if (!set || nanos - earliest < 0) {
      earliest = nanos;
      set = true;
    }
  }

  Optional<Duration> delay(long now) {
    return set ? Optional.of(Duration.ofNanos(Math.max(0, earliest - now))) : Optional.empty();
  }
}
