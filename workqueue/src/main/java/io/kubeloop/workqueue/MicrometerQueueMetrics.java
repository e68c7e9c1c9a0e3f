package io.kubeloop.workqueue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@link QueueMetrics} on a Micrometer {@link MeterRegistry}, named so that Prometheus shows
 * exactly client-go's workqueue metrics, tagged {@code name=<queue name>}:
 *
 * <pre>
 *   Micrometer meter                              Prometheus
 *   gauge   workqueue.depth                       workqueue_depth
 *   counter workqueue.adds                        workqueue_adds_total
 *   timer   workqueue.queue.duration              workqueue_queue_duration_seconds (histogram)
 *   timer   workqueue.work.duration               workqueue_work_duration_seconds (histogram)
 *   gauge   workqueue.unfinished.work (s)         workqueue_unfinished_work_seconds
 *   gauge   workqueue.longest.running.processor   workqueue_longest_running_processor_seconds
 *   counter workqueue.retries                     workqueue_retries_total
 * </pre>
 *
 * <p>The histograms have client-go's buckets (10 ns to 10 s, by tens). The gauges are computed when
 * scraped instead of by a ticking thread, and hold the queue weakly.
 *
 * <p>This is the only class that refers to Micrometer; it is loaded only when a registry is given,
 * so the module runs without Micrometer on the class path.
 */
final class MicrometerQueueMetrics implements QueueMetrics {

  /**
   * client-go's {@code prometheus.ExponentialBuckets(10e-9, 10, 10)}. (Registries that also publish
   * buckets as gauges with rounded {@code le} tags, like {@code SimpleMeterRegistry}, log a
   * one-time warning that the sub-microsecond ones collide; Prometheus renders them all.)
   */
  private static final Duration[] BUCKETS = {
    Duration.ofNanos(10),
    Duration.ofNanos(100),
    Duration.ofNanos(1_000),
    Duration.ofNanos(10_000),
    Duration.ofNanos(100_000),
    Duration.ofMillis(1),
    Duration.ofMillis(10),
    Duration.ofMillis(100),
    Duration.ofSeconds(1),
    Duration.ofSeconds(10),
  };

  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter adds;
  private final Counter retries;
  private final Timer queueDuration;
  private final Timer workDuration;

  private MicrometerQueueMetrics(MeterRegistry registry, String name) {
    this.registry = registry;
    this.tags = Tags.of("name", name);
    this.adds =
        Counter.builder("workqueue.adds")
            .description("Total number of adds handled by workqueue")
            .tags(tags)
            .register(registry);
    this.retries =
        Counter.builder("workqueue.retries")
            .description("Total number of retries handled by workqueue")
            .tags(tags)
            .register(registry);
    this.queueDuration =
        Timer.builder("workqueue.queue.duration")
            .description("How long in seconds an item stays in workqueue before being requested")
            .tags(tags)
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    this.workDuration =
        Timer.builder("workqueue.work.duration")
            .description("How long in seconds processing an item from workqueue takes")
            .tags(tags)
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
  }

  /**
   * Creates the metrics of the queue {@code name} in {@code registry}, which must be a {@link
   * MeterRegistry}; typed {@code Object} so that callers need not load Micrometer's classes.
   */
  static QueueMetrics create(Object registry, String name) {
    return new MicrometerQueueMetrics((MeterRegistry) registry, name);
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void bind(QueueGauges gauges) {
    Gauge.builder("workqueue.depth", gauges, QueueGauges::depth)
        .description("Current depth of workqueue")
        .tags(tags)
        .register(registry);
    Gauge.builder("workqueue.unfinished.work", gauges, QueueGauges::unfinishedWorkSeconds)
        .description(
            "How many seconds of work has done that is in progress and hasn't been observed by"
                + " work_duration. Large values indicate stuck threads. One can deduce the number"
                + " of stuck threads by observing the rate at which this increases.")
        .baseUnit("seconds")
        .tags(tags)
        .register(registry);
    Gauge.builder(
            "workqueue.longest.running.processor",
            gauges,
            QueueGauges::longestRunningProcessorSeconds)
        .description(
            "How many seconds has the longest running processor for workqueue been running.")
        .baseUnit("seconds")
        .tags(tags)
        .register(registry);
  }

  @Override
  public void added() {
    adds.increment();
  }

  @Override
  public void queued(long nanos) {
    queueDuration.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  @Override
  public void worked(long nanos) {
    workDuration.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  @Override
  public void retried() {
    retries.increment();
  }
}
