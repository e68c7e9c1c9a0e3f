package io.kubeloop.benchmarks.workqueue;

import java.time.Duration;

/**
 * One queue implementation as the benchmarks drive it. Each benchmark fork uses exactly one
 * implementation, so calls through this interface stay monomorphic.
 */
interface QueueUnderTest {

  /** Adds {@code key}. */
  void add(Integer key);

  /** Adds {@code key} after {@code delay}. */
  void addAfter(Integer key, Duration delay);

  /** Takes the next item, blocking, and marks it done; returns it. */
  Integer getAndDone() throws InterruptedException;

  /** Stops the queue and any thread it started. */
  void shutDown();
}
