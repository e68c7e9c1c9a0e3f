package io.kubeloop.operators.node;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Runs one probe of one container instance periodically on a virtual thread, as the kubelet's probe
 * worker: first after {@code initialDelaySeconds}, then every {@code periodSeconds}; the result
 * flips to success after {@code successThreshold} successes in a row and to failure after {@code
 * failureThreshold} failures in a row. A readiness result starts as failure, a liveness result as
 * success. The worker ends when stopped or when its instance has exited; it calls {@code onChange}
 * whenever the result flips.
 *
 * <p>Waits use the agent's clock, so tests step through periods. Thread-safe.
 */
final class ProbeWorker {

  /** The probe's timing, with kube's defaults already applied. */
  record Timing(
      Duration initialDelay, Duration period, int successThreshold, int failureThreshold) {

    static Timing of(io.fabric8.kubernetes.api.model.Probe probe, boolean liveness) {
      int initial = probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds();
      int period = positive(probe.getPeriodSeconds(), 10);
      // liveness probes must use successThreshold 1 (validation enforces it)
      int success = liveness ? 1 : positive(probe.getSuccessThreshold(), 1);
      int failure = positive(probe.getFailureThreshold(), 3);
      return new Timing(Duration.ofSeconds(initial), Duration.ofSeconds(period), success, failure);
    }

    private static int positive(Integer value, int fallback) {
      return value == null || value < 1 ? fallback : value;
    }
  }

  private final String name;
  private final Timing timing;
  private final BooleanSupplier probe;
  private final ContainerHandle instance;
  private final AgentClock clock;
  private final Runnable onChange;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();

  private volatile boolean result;
  private volatile boolean stopped;
  private volatile int runs;

  /** Used by the worker thread only. */
  private int successes;

  private int failures;

  /**
   * @param initialResult the result before the first run: false for readiness, true for liveness
   * @param probe runs the probe once, blocking at most its timeout; true on success
   */
  ProbeWorker(
      String name,
      Timing timing,
      boolean initialResult,
      BooleanSupplier probe,
      ContainerHandle instance,
      AgentClock clock,
      Runnable onChange) {
    this.name = name;
    this.timing = timing;
    this.result = initialResult;
    this.probe = probe;
    this.instance = instance;
    this.clock = clock;
    this.onChange = onChange;
  }

  ProbeWorker start() {
    Thread.ofVirtual().name("probe-" + name).start(this::run);
    return this;
  }

  /** The current result. */
  boolean succeeded() {
    return result;
  }

  /** How many times the probe has run. */
  int runs() {
    return runs;
  }

  void stop() {
    stopped = true;
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    long next = clock.nanoTime() + timing.initialDelay().toNanos();
    try {
      while (true) {
        lock.lock();
        try {
          while (!stopped && clock.nanoTime() - next < 0) {
            clock.awaitUntil(lock, wake, next);
          }
        } finally {
          lock.unlock();
        }
        ContainerSnapshot snapshot = instance.snapshot();
        if (stopped || snapshot.exited()) {
          return;
        }
        if (snapshot.running()) {
          record(probe.getAsBoolean());
        }
        next = clock.nanoTime() + timing.period().toNanos();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void record(boolean success) {
    runs++;
    boolean before = result;
    if (success) {
      failures = 0;
      if (++successes >= timing.successThreshold()) {
        result = true;
      }
    } else {
      successes = 0;
      if (++failures >= timing.failureThreshold()) {
        result = false;
      }
    }
    if (before != result && !stopped) {
      onChange.run();
    }
  }
}
