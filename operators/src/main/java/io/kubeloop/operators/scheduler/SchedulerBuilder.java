package io.kubeloop.operators.scheduler;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeloop.workqueue.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** Configures a {@link Scheduler}; every setting has a default. Not thread-safe. */
public final class SchedulerBuilder {

  private final KubernetesClient client;
  private Clock clock = Clock.system();
  private RandomGenerator random = new SplittableRandom();
  private MeterRegistry meterRegistry;
  private String schedulerName = "default-scheduler";
  private int percentageOfNodesToScore;

  SchedulerBuilder(KubernetesClient client) {
    this.client = requireNonNull(client, "client");
  }

  /**
   * The clock for backoff, the unschedulable-pod timeout and the expiry of unconfirmed assumed pods
   * (default: the system clock). Timestamps written to the API server use the wall clock.
   */
  public SchedulerBuilder clock(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
    return this;
  }

  /**
   * The random generator that breaks ties between equally scored nodes (default: a new {@link
   * SplittableRandom}); a seeded one makes the choice repeatable. Used by the scheduling thread
   * only.
   */
  public SchedulerBuilder random(RandomGenerator random) {
    this.random = requireNonNull(random, "random");
    return this;
  }

  /**
   * Publishes {@code scheduler_schedule_attempts_total{result,profile}} and {@code
   * scheduler_pending_pods{queue}} (default: no metrics).
   */
  public SchedulerBuilder meterRegistry(MeterRegistry registry) {
    this.meterRegistry = requireNonNull(registry, "registry");
    return this;
  }

  /** The {@code spec.schedulerName} to serve (default {@code default-scheduler}). */
  public SchedulerBuilder schedulerName(String name) {
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("schedulerName must not be blank");
    }
    this.schedulerName = name;
    return this;
  }

  /**
   * kube's {@code percentageOfNodesToScore}: in clusters of 100 nodes or more, stop filtering once
   * this share of the nodes (but at least 100) is found feasible. 0, the default, is kube's
   * adaptive value: 50% minus 1% per 125 nodes, at least 5%.
   */
  public SchedulerBuilder percentageOfNodesToScore(int percentage) {
    if (percentage < 0 || percentage > 100) {
      throw new IllegalArgumentException(
          "percentageOfNodesToScore must be 0 (adaptive) to 100, got " + percentage);
    }
    this.percentageOfNodesToScore = percentage;
    return this;
  }

  /** Builds the scheduler; call {@link Scheduler#start()} to run it. */
  public Scheduler build() {
    return new DefaultScheduler(
        client, clock, random, meterRegistry, schedulerName, percentageOfNodesToScore);
  }
}
