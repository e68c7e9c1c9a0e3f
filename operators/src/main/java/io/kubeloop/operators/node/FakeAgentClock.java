package io.kubeloop.operators.node;

import io.kubeloop.workqueue.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * An {@link AgentClock} for tests that moves only when {@linkplain #step(Duration) stepped}: its
 * instant is the start instant plus the time stepped, and stepping wakes whatever waits for a
 * deadline it reaches (a renewal, a back-off, a grace period, a probe period).
 *
 * <p>Thread-safe.
 */
public final class FakeAgentClock implements AgentClock {

  private final Instant start;
  private final FakeClock ticks = new FakeClock();

  /** A clock reading {@code start}. */
  public FakeAgentClock(Instant start) {
    this.start = Objects.requireNonNull(start, "start");
  }

  /**
   * Moves the clock forward by {@code delta} and wakes the waiters whose deadline it reaches.
   *
   * @throws IllegalArgumentException if {@code delta} is negative
   */
  public void step(Duration delta) {
    ticks.step(delta);
  }

  /** Whether anything is waiting on this clock right now. */
  public boolean hasWaiters() {
    return ticks.hasWaiters();
  }

  @Override
  public Instant now() {
    return start.plusNanos(ticks.nanoTime());
  }

  @Override
  public long nanoTime() {
    return ticks.nanoTime();
  }

  @Override
  public void awaitUntil(Lock lock, Condition condition, long deadlineNanos)
      throws InterruptedException {
    ticks.awaitUntil(lock, condition, deadlineNanos);
  }

  @Override
  public String toString() {
    return "FakeAgentClock[" + now() + "]";
  }
}
