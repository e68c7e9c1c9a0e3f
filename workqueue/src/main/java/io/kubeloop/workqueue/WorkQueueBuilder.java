package io.kubeloop.workqueue;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Builds work queues: {@link #build()} a plain {@link WorkQueue}, {@link #buildDelaying()} a {@link
 * DelayingQueue}, {@link #buildRateLimiting()} a {@link RateLimitingQueue}.
 *
 * <pre>{@code
 * RateLimitingQueue<String> queue = WorkQueue.<String>builder()
 *     .name("replicaset")
 *     .meterRegistry(registry)
 *     .buildRateLimiting(); // client-go's default controller rate limiter
 * }</pre>
 *
 * <p>Every setting is optional. A builder may build several queues; it is not thread-safe.
 *
 * @param <T> the item type
 */
public final class WorkQueueBuilder<T> {

  private String name;
  private Clock clock = Clock.system();

  /** A MeterRegistry, held as Object so this class loads without Micrometer. */
  private Object meterRegistry;

  private RateLimiter<? super T> rateLimiter;

  WorkQueueBuilder() {}

  /**
   * Names the queue: the {@code name} tag of its metrics and the name of its waiting thread.
   * Required with {@link #meterRegistry}.
   */
  public WorkQueueBuilder<T> name(String name) {
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    this.name = name;
    return this;
  }

  /**
   * Sets the clock for delays, the default rate limiter and metrics; default {@link
   * Clock#system()}.
   */
  public WorkQueueBuilder<T> clock(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Publishes the queue's metrics (client-go's {@code workqueue_*} names, tagged {@code name}) to
   * {@code registry}. Without a registry the queue records nothing and does not need Micrometer on
   * the class path. Queue names must be unique within a registry: a second queue of the same name
   * shares the first one's counters and its gauges are not registered.
   */
  public WorkQueueBuilder<T> meterRegistry(MeterRegistry registry) {
    this.meterRegistry = requireNonNull(registry, "registry");
    return this;
  }

  /**
   * Sets the rate limiter of {@link #buildRateLimiting()}; default {@link
   * RateLimiter#defaultControllerRateLimiter(Clock)} on this builder's clock.
   */
  public WorkQueueBuilder<T> rateLimiter(RateLimiter<? super T> rateLimiter) {
    this.rateLimiter = requireNonNull(rateLimiter, "rateLimiter");
    return this;
  }

  /** Builds a {@link WorkQueue}. */
  public WorkQueue<T> build() {
    return new ConcurrentWorkQueue<>(clock, metrics());
  }

  /** Builds a {@link DelayingQueue}; it starts one virtual thread, ended by shutdown. */
  public DelayingQueue<T> buildDelaying() {
    QueueMetrics metrics = metrics();
    return DelayingWorkQueue.start(
        new ConcurrentWorkQueue<>(clock, metrics),
        clock,
        metrics,
        "workqueue-" + (name == null ? "unnamed" : name) + "-waiting");
  }

  /** Builds a {@link RateLimitingQueue}; it starts one virtual thread, ended by shutdown. */
  public RateLimitingQueue<T> buildRateLimiting() {
    RateLimiter<? super T> limiter =
        rateLimiter != null ? rateLimiter : RateLimiter.defaultControllerRateLimiter(clock);
    return new RateLimitedWorkQueue<>(buildDelaying(), limiter);
  }

  private QueueMetrics metrics() {
    if (meterRegistry == null) {
      return QueueMetrics.NONE;
    }
    if (name == null) {
      throw new IllegalStateException("a queue with a meterRegistry needs a name(...)");
    }
    return MicrometerQueueMetrics.create(meterRegistry, name);
  }
}
