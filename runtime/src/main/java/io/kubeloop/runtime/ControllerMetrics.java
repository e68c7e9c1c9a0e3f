package io.kubeloop.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * controller-runtime's controller metrics for one controller, tagged {@code controller=<name>}. The
 * Micrometer names are chosen so that Micrometer's Prometheus naming gives exactly
 * controller-runtime's:
 *
 * <pre>
 *   Micrometer meter                                    Prometheus
 *   counter controller.runtime.reconcile{result}        controller_runtime_reconcile_total
 *   counter controller.runtime.reconcile.errors         controller_runtime_reconcile_errors_total
 *   counter controller.runtime.terminal.reconcile.errors
 *                                          controller_runtime_terminal_reconcile_errors_total
 *   counter controller.runtime.reconcile.panics         controller_runtime_reconcile_panics_total
 *   timer   controller.runtime.reconcile.time           controller_runtime_reconcile_time_seconds
 *   gauge   controller.runtime.active.workers           controller_runtime_active_workers
 *   gauge   controller.runtime.max.concurrent.reconciles
 *                                          controller_runtime_max_concurrent_reconciles
 * </pre>
 *
 * <p>"Panics" are reconciles that ended with a Java {@link Error} rather than an exception. The
 * {@code result} counters start at zero for every label, as controller-runtime initializes them.
 * Thread-safe.
 */
final class ControllerMetrics {

  /** controller-runtime's reconcile time buckets, in seconds. */
  private static final double[] BUCKET_SECONDS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9,
    1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50,
    60
  };

  private final Map<Outcome, Counter> results = new EnumMap<>(Outcome.class);
  private final Counter errors;
  private final Counter terminalErrors;
  private final Counter panics;
  private final Timer time;
  private final AtomicInteger activeWorkers = new AtomicInteger();
  private final AtomicInteger maxConcurrent = new AtomicInteger();

  ControllerMetrics(MeterRegistry registry, String controller) {
    Tags tags = Tags.of("controller", controller);
    for (Outcome outcome : Outcome.values()) {
      results.put(
          outcome,
          Counter.builder("controller.runtime.reconcile")
              .description("Total number of reconciliations per controller")
              .tags(tags)
              .tag("result", outcome.label())
              .register(registry));
    }
    errors =
        Counter.builder("controller.runtime.reconcile.errors")
            .description("Total number of reconciliation errors per controller")
            .tags(tags)
            .register(registry);
    terminalErrors =
        Counter.builder("controller.runtime.terminal.reconcile.errors")
            .description("Total number of terminal reconciliation errors per controller")
            .tags(tags)
            .register(registry);
    panics =
        Counter.builder("controller.runtime.reconcile.panics")
            .description("Total number of reconciliation panics per controller")
            .tags(tags)
            .register(registry);
    Duration[] buckets = new Duration[BUCKET_SECONDS.length];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = Duration.ofNanos(Math.round(BUCKET_SECONDS[i] * 1e9));
    }
    time =
        Timer.builder("controller.runtime.reconcile.time")
            .description("Length of time per reconciliation per controller")
            .tags(tags)
            .serviceLevelObjectives(buckets)
            .register(registry);
    Gauge.builder("controller.runtime.active.workers", activeWorkers, AtomicInteger::get)
        .description("Number of currently used workers per controller")
        .tags(tags)
        .register(registry);
    Gauge.builder("controller.runtime.max.concurrent.reconciles", maxConcurrent, AtomicInteger::get)
        .description("Maximum number of concurrent reconciles per controller")
        .tags(tags)
        .register(registry);
  }

  void workers(int n) {
    maxConcurrent.set(n);
  }

  void reconcileStarted() {
    activeWorkers.incrementAndGet();
  }

  /** Records one finished reconcile. {@code panic}: it ended with an {@link Error}. */
  void reconciled(Outcome outcome, long nanos, boolean panic) {
    activeWorkers.decrementAndGet();
    time.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    results.get(outcome).increment();
    if (outcome.isError()) {
      errors.increment();
    }
    if (outcome == Outcome.TERMINAL_ERROR) {
      terminalErrors.increment();
    }
    if (panic) {
      panics.increment();
    }
  }

  int activeWorkers() {
    return activeWorkers.get();
  }
}
