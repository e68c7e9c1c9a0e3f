package io.kubeloop.operators.node;

import java.time.Instant;

/**
 * One container instance's state at one moment, as its runtime reports it.
 *
 * @param phase where the instance is
 * @param readyAtNanos for {@link Phase#CREATING}: the clock reading at which it will be running, so
 *     the agent looks again then; otherwise unused
 * @param startedAt when it started running; null while creating
 * @param finishedAt when it exited; null unless {@link Phase#EXITED}
 * @param finishedNanos the clock reading at the exit (restart back-off counts from it)
 * @param exitCode the exit code; 128 + n for a process killed by signal n
 * @param reason {@code Completed}, {@code Error} or {@code StartError} once exited
 * @param message why it could not start, or null
 */
record ContainerSnapshot(
    Phase phase,
    long readyAtNanos,
    Instant startedAt,
    Instant finishedAt,
    long finishedNanos,
    int exitCode,
    String reason,
    String message) {

  /** Where an instance is in its life. */
  enum Phase {
    CREATING,
    RUNNING,
    EXITED
  }

  static ContainerSnapshot creating(long readyAtNanos) {
    return new ContainerSnapshot(Phase.CREATING, readyAtNanos, null, null, 0, 0, null, null);
  }

  static ContainerSnapshot running(Instant startedAt) {
    return new ContainerSnapshot(Phase.RUNNING, 0, startedAt, null, 0, 0, null, null);
  }

  /** An exit with kube's reason for the code: {@code Completed} for 0, {@code Error} otherwise. */
  static ContainerSnapshot exited(
      Instant startedAt, Instant finishedAt, long finishedNanos, int exitCode) {
    return new ContainerSnapshot(
        Phase.EXITED,
        0,
        startedAt,
        finishedAt,
        finishedNanos,
        exitCode,
        exitCode == 0 ? "Completed" : "Error",
        null);
  }

  /** An instance whose process could not be started: exit code 128, reason StartError. */
  static ContainerSnapshot startError(Instant at, long atNanos, String message) {
    return new ContainerSnapshot(Phase.EXITED, 0, at, at, atNanos, 128, "StartError", message);
  }

  boolean exited() {
    return phase == Phase.EXITED;
  }

  boolean running() {
    return phase == Phase.RUNNING;
  }
}
