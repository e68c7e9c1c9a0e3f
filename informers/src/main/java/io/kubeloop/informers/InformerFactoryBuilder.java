package io.kubeloop.informers;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** Configures an {@link InformerFactory}. Not thread-safe; build once. */
public final class InformerFactoryBuilder {

  private final KubernetesClient client;
  private Clock clock = Clock.system();
  private RandomGenerator random = new SplittableRandom();

  /** A MeterRegistry, held as Object so this class loads without Micrometer. */
  private Object meterRegistry;

  private InformerErrorHandler errorHandler = LoggingErrorHandler.INSTANCE;
  private InformerOptions defaults = InformerOptions.defaults();

  InformerFactoryBuilder(KubernetesClient client) {
    this.client = requireNonNull(client, "client");
  }

  /** The clock for backoff, resync and watch deadlines; default {@link Clock#system()}. */
  public InformerFactoryBuilder clock(Clock clock) {
    this.clock = requireNonNull(clock, "clock");
    return this;
  }

  /** The source of backoff jitter and watch timeout spread; tests pass a seeded one. */
  public InformerFactoryBuilder random(RandomGenerator random) {
    this.random = requireNonNull(random, "random");
    return this;
  }

  /**
   * Publishes informer metrics ({@code informer_*}, see the README) to {@code registry}. Without a
   * registry nothing is recorded and Micrometer need not be on the class path.
   */
  public InformerFactoryBuilder meterRegistry(MeterRegistry registry) {
    this.meterRegistry = requireNonNull(registry, "registry");
    return this;
  }

  /** Told about every list, watch and handler error; default: log them (SLF4J). */
  public InformerFactoryBuilder errorHandler(InformerErrorHandler handler) {
    this.errorHandler = requireNonNull(handler, "handler");
    return this;
  }

  /**
   * The options of {@link InformerFactory#informer(Class)}; default {@link
   * InformerOptions#defaults()}.
   */
  public InformerFactoryBuilder defaultOptions(InformerOptions options) {
    this.defaults = requireNonNull(options, "options");
    return this;
  }

  public InformerFactory build() {
    return new DefaultInformerFactory(client, clock, random, meterRegistry, errorHandler, defaults);
  }
}
