package io.kubeloop.workqueue;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/** {@link Clock} backed by {@link System#nanoTime()} and timed condition waits. */
enum SystemClock implements Clock {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public void awaitUntil(Lock lock, Condition condition, long deadlineNanos)
      throws InterruptedException {
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining > 0) {
      condition.awaitNanos(remaining);
    }
  }

  @Override
  public String toString() {
    return "Clock.system()";
  }
}
