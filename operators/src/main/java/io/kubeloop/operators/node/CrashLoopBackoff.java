package io.kubeloop.operators.node;

import java.time.Duration;

/**
 * The kubelet's restart back-off for one container (its {@code flowcontrol.Backoff} entry, keyed by
 * pod and container): 10 s, doubling after each restart up to 5 min, forgotten once the container
 * has gone 10 min (twice the maximum) without a restart.
 *
 * <p>How the agent uses it, as the kubelet's {@code doBackOff} does: when a container that should
 * be restarted has exited at {@code finished}, {@link #inBackoffSince(long, long)} says whether to
 * wait (state {@code waiting: CrashLoopBackOff}); if not, {@link #next(long)} records the restart
 * and it restarts at once. So the first restart is immediate, the second waits 10 s after the exit,
 * the third 20 s, then 40 s ... 5 min.
 *
 * <p>Times are readings of the agent clock's {@code nanoTime()}. Not thread-safe: used by the one
 * worker that holds the pod.
 */
final class CrashLoopBackoff {

  static final Duration INITIAL = Duration.ofSeconds(10);
  static final Duration MAX = Duration.ofMinutes(5);

  private final long initialNanos;
  private final long maxNanos;

  /** 0 before the first restart. */
  private long backoffNanos;

  private long lastUpdateNanos;

  CrashLoopBackoff() {
    this(INITIAL, MAX);
  }

  CrashLoopBackoff(Duration initial, Duration max) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          String.format("need 0 < initial <= max, got initial %s, max %s", initial, max));
    }
    this.initialNanos = initial.toNanos();
    this.maxNanos = max.toNanos();
  }

  /** Whether a container that exited at {@code eventNanos} must still wait at {@code nowNanos}. */
  boolean inBackoffSince(long eventNanos, long nowNanos) {
    if (backoffNanos == 0 || expired(eventNanos)) {
      return false;
    }
    return nowNanos - eventNanos < backoffNanos;
  }

  /**
   * Records a restart of a container that exited at {@code eventNanos}, made at {@code nowNanos}.
   */
  void next(long eventNanos, long nowNanos) {
    if (backoffNanos == 0 || expired(eventNanos)) {
      backoffNanos = initialNanos;
    } else {
      backoffNanos = Math.min(backoffNanos * 2, maxNanos);
    }
    lastUpdateNanos = nowNanos;
  }

  /** The current delay; {@link #INITIAL} before any restart. */
  Duration current() {
    return Duration.ofNanos(backoffNanos == 0 ? initialNanos : backoffNanos);
  }

  /** When a container that exited at {@code eventNanos} may restart. */
  long restartAtNanos(long eventNanos) {
    return eventNanos + backoffNanos;
  }

  private boolean expired(long eventNanos) {
    return eventNanos - lastUpdateNanos > 2 * maxNanos;
  }

  /** Go's {@code time.Duration.String()} for whole seconds: 10s, 1m20s, 5m0s, 1h0m0s. */
  static String goDuration(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + "m" + (seconds % 60) + "s";
    }
    return (minutes / 60) + "h" + (minutes % 60) + "m" + (seconds % 60) + "s";
  }
}
