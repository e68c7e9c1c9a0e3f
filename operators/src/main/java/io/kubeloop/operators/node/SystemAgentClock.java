package io.kubeloop.operators.node;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/** {@link AgentClock#system()}. */
final class SystemAgentClock implements AgentClock {

  static final SystemAgentClock INSTANCE = new SystemAgentClock();

  private SystemAgentClock() {}

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public void awaitUntil(Lock lock, Condition condition, long deadlineNanos)
      throws InterruptedException {
    long left = deadlineNanos - System.nanoTime();
    if (left > 0) {
      condition.await(left, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public String toString() {
    return "AgentClock.system()";
  }
}
