package io.kubeloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS) // a safety net against hangs, not an assertion
class MetricsTest {

  private final FakeClock clock = new FakeClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private RateLimitingQueue<String> queue(MeterRegistry registry) {
    return WorkQueue.<String>builder()
        .name("pods")
        .clock(clock)
        .meterRegistry(registry)
        .rateLimiter(RateLimiter.exponentialFailure(Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .buildRateLimiting();
  }

  @Test
  void recordsClientGoQueueMetrics() throws Exception {
    RateLimitingQueue<String> queue = queue(registry);
    try {
      queue.add("a");
      queue.add("b");
      queue.add("a"); // duplicate: not an add
      assertThat(counter("workqueue.adds")).isEqualTo(2);
      assertThat(gauge("workqueue.depth")).isEqualTo(2);

      clock.step(Duration.ofSeconds(1));
      assertThat(queue.get()).contains("a");
      assertThat(gauge("workqueue.depth")).isEqualTo(1);
      Timer queued = timer("workqueue.queue.duration");
      assertThat(queued.count()).isEqualTo(1);
      assertThat(queued.totalTime(TimeUnit.SECONDS)).isEqualTo(1.0);

      clock.step(Duration.ofSeconds(2));
      assertThat(queue.get()).contains("b");
      assertThat(gauge("workqueue.unfinished.work")).isEqualTo(2.0); // a: 2 s, b: 0 s
      assertThat(gauge("workqueue.longest.running.processor")).isEqualTo(2.0);
      queue.add("a"); // while processing: counts, and is dirty again
      assertThat(counter("workqueue.adds")).isEqualTo(3);
      assertThat(gauge("workqueue.depth")).isEqualTo(1);

      clock.step(Duration.ofSeconds(1));
      queue.done("a");
      queue.done("b");
      Timer worked = timer("workqueue.work.duration");
      assertThat(worked.count()).isEqualTo(2);
      assertThat(worked.totalTime(TimeUnit.SECONDS)).isEqualTo(4.0); // a: 3 s, b: 1 s
      assertThat(gauge("workqueue.unfinished.work")).isZero();

      assertThat(queue.get()).contains("a");
      assertThat(queued.count()).isEqualTo(3);
      // a: 1 s, b: 3 s, a again: 1 s since its re-add
      assertThat(queued.totalTime(TimeUnit.SECONDS)).isEqualTo(5.0);
      queue.done("a");

      queue.addAfter("c", Duration.ofSeconds(1));
      queue.addRateLimited("d");
      assertThat(counter("workqueue.retries")).isEqualTo(2);
    } finally {
      queue.shutDown();
    }
  }

  @Test
  void rendersClientGoNamesInPrometheus() throws Exception {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RateLimitingQueue<String> queue = queue(prometheus);
    try {
      queue.add("a");
      assertThat(queue.get()).contains("a");
      queue.done("a");
      queue.addRateLimited("b");

      String scrape = prometheus.scrape();

      assertThat(scrape)
          .contains("workqueue_depth{name=\"pods\"} 0")
          .contains("workqueue_adds_total{name=\"pods\"} 1")
          .contains("workqueue_queue_duration_seconds_bucket{name=\"pods\",le=\"1.0E-8\"}")
          .contains("workqueue_queue_duration_seconds_bucket{name=\"pods\",le=\"10.0\"}")
          .contains("workqueue_work_duration_seconds_count{name=\"pods\"} 1")
          .contains("workqueue_unfinished_work_seconds{name=\"pods\"} 0")
          .contains("workqueue_longest_running_processor_seconds{name=\"pods\"} 0")
          .contains("workqueue_retries_total{name=\"pods\"} 1");
    } finally {
      queue.shutDown();
    }
  }

  @Test
  void aQueueWithMetricsNeedsAName() {
    assertThatThrownBy(() -> WorkQueue.<String>builder().meterRegistry(registry).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a queue with a meterRegistry needs a name(...)");
  }

  @Test
  void aQueueWithoutRegistryRecordsNothing() throws Exception {
    WorkQueue<String> queue = WorkQueue.<String>builder().name("quiet").build();
    queue.add("a");
    assertThat(queue.get()).contains("a");
    queue.done("a");
    assertThat(registry.getMeters()).isEmpty();
  }

  private double counter(String name) {
    return registry.get(name).tag("name", "pods").counter().count();
  }

  private double gauge(String name) {
    return registry.get(name).tag("name", "pods").gauge().value();
  }

  private Timer timer(String name) {
    return registry.get(name).tag("name", "pods").timer();
  }
}
