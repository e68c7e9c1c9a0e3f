package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Prometheus names must be exactly controller-runtime's. */
class ControllerMetricsTest {

  @Test
  void prometheusNamesAreControllerRuntimes() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ControllerMetrics metrics = new ControllerMetrics(registry, "at");
    metrics.workers(4);
    metrics.reconcileStarted();
    metrics.reconciled(Outcome.SUCCESS, TimeUnit.MILLISECONDS.toNanos(7), false);
    metrics.reconcileStarted();
    metrics.reconciled(Outcome.TERMINAL_ERROR, 1, false);
    metrics.reconcileStarted();
    metrics.reconciled(Outcome.ERROR, 1, true);
    metrics.reconcileStarted();

    String text = registry.scrape();
    assertThat(text)
        .contains("controller_runtime_reconcile_total{controller=\"at\",result=\"success\"} 1")
        .contains("controller_runtime_reconcile_total{controller=\"at\",result=\"error\"} 2")
        .contains("controller_runtime_reconcile_total{controller=\"at\",result=\"requeue\"} 0")
        .contains(
            "controller_runtime_reconcile_total{controller=\"at\",result=\"requeue_after\"} 0")
        .contains("controller_runtime_reconcile_errors_total{controller=\"at\"} 2")
        .contains("controller_runtime_terminal_reconcile_errors_total{controller=\"at\"} 1")
        .contains("controller_runtime_reconcile_panics_total{controller=\"at\"} 1")
        .contains("controller_runtime_active_workers{controller=\"at\"} 1")
        .contains("controller_runtime_max_concurrent_reconciles{controller=\"at\"} 4")
        .contains("# TYPE controller_runtime_reconcile_time_seconds histogram")
        .contains(
            "controller_runtime_reconcile_time_seconds_bucket{controller=\"at\",le=\"0.005\"} 2")
        .contains(
            "controller_runtime_reconcile_time_seconds_bucket{controller=\"at\",le=\"0.01\"} 3")
        .contains(
            "controller_runtime_reconcile_time_seconds_bucket{controller=\"at\",le=\"60.0\"} 3")
        .contains("controller_runtime_reconcile_time_seconds_count{controller=\"at\"} 3");
  }
}
