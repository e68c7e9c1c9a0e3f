package io.kubeloop.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.runtime.Manager;
import io.kubeloop.runtime.Result;
import io.kubeloop.runtime.TerminalException;
import io.kubeloop.workqueue.FakeClock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each kind of outcome end to end, on a fake clock: requeueAfter fires when the clock reaches it,
 * errors back off on the clock, terminal errors are not retried; and the metrics show all of it
 * under controller-runtime's and client-go's names on {@code /metrics}.
 */
class OutcomesIT {

  static Cluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = Cluster.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void outcomesDriveTheQueueAndTheMetrics() throws Exception {
    String ns = "outcomes";
    cluster.namespace(ns);
    FakeClock clock = new FakeClock();
    Instant start = Instant.parse("2026-06-01T12:00:00Z");
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    List<Instant> afterSeenAt = new CopyOnWriteArrayList<>();

    try (Manager manager =
        Manager.builder(cluster.client)
            .clock(clock, start)
            .httpAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .configureInformers(
                b -> b.defaultOptions(InformerOptions.defaults().withNamespaces(ns)))
            .build()) {
      manager
          .controller(ConfigMap.class)
          .name("outcomes")
          .complete(
              request -> {
                int n =
                    calls
                        .computeIfAbsent(request.name(), k -> new AtomicInteger())
                        .incrementAndGet();
                return switch (request.name()) {
                  case "after" -> {
                    afterSeenAt.add(manager.wallClock().instant());
                    yield n == 1 ? Result.requeueAfter(Duration.ofHours(1)) : Result.done();
                  }
                  case "fail-twice" -> {
                    if (n <= 2) {
                      throw new IllegalStateException("not yet (" + n + ")");
                    }
                    yield Result.done();
                  }
                  case "terminal" -> throw new TerminalException("spec cannot work");
                  case "requeue-once" -> n == 1 ? Result.requeue() : Result.done();
                  default -> Result.done();
                };
              });
      manager.start();
      for (String name : List.of("done", "after", "fail-twice", "terminal", "requeue-once")) {
        cluster
            .client
            .configMaps()
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withNamespace(ns)
                    .withName(name)
                    .endMetadata()
                    .build())
            .create();
      }

      // first round: every object reconciled once
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  total(manager, "error") == 2
                      && total(manager, "requeue") == 1
                      && total(manager, "requeue_after") == 1
                      && total(manager, "success") == 1);
      assertThat(afterSeenAt).containsExactly(start);

      // backoff is on the manager's clock: stepping past it retries fail-twice and requeue-once
      clock.step(Duration.ofSeconds(1));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> count(calls, "fail-twice") == 2 && count(calls, "requeue-once") == 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> total(manager, "error") == 3);
      clock.step(Duration.ofSeconds(1));
      await().atMost(Duration.ofSeconds(10)).until(() -> count(calls, "fail-twice") == 3);

      // requeueAfter(1h) fires when the clock gets there, and "now" moved with it
      assertThat(count(calls, "after")).isEqualTo(1);
      clock.step(Duration.ofHours(1));
      await().atMost(Duration.ofSeconds(10)).until(() -> count(calls, "after") == 2);
      assertThat(afterSeenAt.get(1)).isAfterOrEqualTo(start.plus(Duration.ofHours(1)));

      // the terminal error was never retried, however far the clock went
      assertThat(count(calls, "terminal")).isEqualTo(1);

      String metrics = Http.get(manager, "/metrics").body();
      assertThat(value(metrics, "controller_runtime_reconcile_total", "result=\"success\""))
          .isEqualTo(4); // done, after (2nd), fail-twice (3rd), requeue-once (2nd)
      assertThat(value(metrics, "controller_runtime_reconcile_total", "result=\"error\""))
          .isEqualTo(3);
      assertThat(value(metrics, "controller_runtime_reconcile_total", "result=\"requeue\""))
          .isEqualTo(1);
      assertThat(value(metrics, "controller_runtime_reconcile_total", "result=\"requeue_after\""))
          .isEqualTo(1);
      assertThat(value(metrics, "controller_runtime_reconcile_errors_total", "")).isEqualTo(3);
      assertThat(value(metrics, "controller_runtime_terminal_reconcile_errors_total", ""))
          .isEqualTo(1);
      assertThat(value(metrics, "controller_runtime_reconcile_time_seconds_count", ""))
          .isEqualTo(9);
      assertThat(value(metrics, "controller_runtime_max_concurrent_reconciles", "")).isEqualTo(1);
      assertThat(value(metrics, "controller_runtime_active_workers", "")).isEqualTo(0);
      assertThat(metrics)
          .contains("# TYPE controller_runtime_reconcile_time_seconds histogram")
          .contains(
              "controller_runtime_reconcile_time_seconds_bucket{controller=\"outcomes\",le=\"0.005\"}");
      // client-go's workqueue metrics, tagged with the controller's name
      assertThat(metricValue(metrics, "workqueue_adds_total\\{name=\"outcomes\"\\}"))
          .isGreaterThanOrEqualTo(5);
      assertThat(metricValue(metrics, "workqueue_retries_total\\{name=\"outcomes\"\\}"))
          .isEqualTo(4); // every delayed add, as client-go: 2 failures, 1 requeue, 1 requeueAfter
      assertThat(metrics)
          .contains("workqueue_depth{name=\"outcomes\"}")
          .contains("workqueue_queue_duration_seconds_bucket{name=\"outcomes\"")
          .contains("workqueue_work_duration_seconds_bucket{name=\"outcomes\"")
          .contains("workqueue_unfinished_work_seconds{name=\"outcomes\"}")
          .contains("workqueue_longest_running_processor_seconds{name=\"outcomes\"}");
    }
  }

  private static int count(Map<String, AtomicInteger> calls, String name) {
    AtomicInteger n = calls.get(name);
    return n == null ? 0 : n.get();
  }

  private static double total(Manager manager, String result) {
    var counter =
        manager
            .meterRegistry()
            .find("controller.runtime.reconcile")
            .tags("controller", "outcomes", "result", result)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  /** The value of {@code name{controller="outcomes"[,extra]}} in a Prometheus text scrape. */
  private static double value(String scrape, String name, String extraLabel) {
    String labels =
        extraLabel.isEmpty() ? "controller=\"outcomes\"" : "controller=\"outcomes\"," + extraLabel;
    return metricValue(scrape, Pattern.quote(name + "{" + labels + "}"));
  }

  private static double metricValue(String scrape, String seriesRegex) {
    Matcher m = Pattern.compile("(?m)^" + seriesRegex + " (\\S+)$").matcher(scrape);
    assertThat(m.find()).as("series %s in%n%s", seriesRegex, scrape).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
