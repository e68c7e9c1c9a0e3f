package io.kubeloop.operators.scheduler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * kube-scheduler's metrics, named so that Micrometer's Prometheus naming gives kube's names:
 * counter {@code scheduler.schedule.attempts} → {@code scheduler_schedule_attempts_total{result,
 * profile}} (result {@code scheduled}, {@code unschedulable} or {@code error}) and gauge {@code
 * scheduler.pending.pods} → {@code scheduler_pending_pods{queue}} (queue {@code active}, {@code
 * backoff}, {@code unschedulable}, {@code gated}), read from the queue when scraped. Without a
 * registry nothing is recorded. Thread-safe.
 */
final class SchedulerMetrics {

  static final String SCHEDULED = "scheduled";
  static final String UNSCHEDULABLE = "unschedulable";
  static final String ERROR = "error";

  private final Counter scheduled;
  private final Counter unschedulable;
  private final Counter error;

  private SchedulerMetrics(Counter scheduled, Counter unschedulable, Counter error) {
    this.scheduled = scheduled;
    this.unschedulable = unschedulable;
    this.error = error;
  }

  static SchedulerMetrics none() {
    return new SchedulerMetrics(null, null, null);
  }

  /**
   * Registers the meters. The gauges read {@code queue} when scraped and hold it only weakly, as
   * Micrometer gauges do: they read NaN once the scheduler is gone.
   */
  static SchedulerMetrics register(MeterRegistry registry, String profile, SchedulingQueue queue) {
    for (String part : new String[] {"active", "backoff", "unschedulable", "gated"}) {
      Gauge.builder("scheduler.pending.pods", queue, q -> q.pending().getOrDefault(part, 0))
          .description("Number of pending pods, by the queue type.")
          .tag("queue", part)
          .register(registry);
    }
    return new SchedulerMetrics(
        attempts(registry, profile, SCHEDULED),
        attempts(registry, profile, UNSCHEDULABLE),
        attempts(registry, profile, ERROR));
  }

  private static Counter attempts(MeterRegistry registry, String profile, String result) {
    return Counter.builder("scheduler.schedule.attempts")
        .description("Number of attempts to schedule pods, by the result.")
        .tag("result", result)
        .tag("profile", profile)
        .register(registry);
  }

  void attempt(String result) {
    Counter c =
        switch (result) {
          case SCHEDULED -> scheduled;
          case UNSCHEDULABLE -> unschedulable;
          default -> error;
        };
    if (c != null) {
      c.increment();
    }
  }
}
