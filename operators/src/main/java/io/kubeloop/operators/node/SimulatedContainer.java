package io.kubeloop.operators.node;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A simulated instance: creating until its start time, then running until {@link #exit(int)}. Its
 * state is computed from the clock when read, so no timer is needed to make it run.
 */
final class SimulatedContainer implements ContainerHandle {

  private final String id;
  private final Launch launch;
  private final Instant runningAt;
  private final long runningAtNanos;

  /** Null until it exits; set once. */
  private final AtomicReference<ContainerSnapshot> exited = new AtomicReference<>();

  SimulatedContainer(String id, Launch launch, Instant runningAt, long runningAtNanos) {
    this.id = id;
    this.launch = launch;
    this.runningAt = runningAt;
    this.runningAtNanos = runningAtNanos;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Launch launch() {
    return launch;
  }

  @Override
  public ContainerSnapshot snapshot() {
    ContainerSnapshot done = exited.get();
    if (done != null) {
      return done;
    }
    if (launch.clock().nanoTime() - runningAtNanos < 0) {
      return ContainerSnapshot.creating(runningAtNanos);
    }
    return ContainerSnapshot.running(runningAt);
  }

  boolean isExited() {
    return exited.get() != null;
  }

  /** Exits with {@code code}; false if it had exited already. */
  boolean exit(int code) {
    AgentClock clock = launch.clock();
    Instant now = clock.now();
    // an instance stopped while still being created never ran: it started and ended now
    Instant started = clock.nanoTime() - runningAtNanos < 0 ? now : runningAt;
    return exited.compareAndSet(
        null, ContainerSnapshot.exited(started, now, clock.nanoTime(), code));
  }
}
