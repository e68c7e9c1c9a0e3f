package io.kubeloop.informers;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * {@link InformerMetrics} on a Micrometer registry. Meters are tagged with the {@code resource}
 * (e.g. {@code deployments.apps}) and the {@code scope} (the watched namespaces, or {@code all}):
 *
 * <ul>
 *   <li>{@code informer_lists_total}, {@code informer_watches_total}, {@code
 *       informer_relists_total}: counters
 *   <li>{@code informer_errors_total}: failed attempts, also tagged {@code phase} ({@code list} or
 *       {@code watch})
 *   <li>{@code informer_store_objects}: objects in the cache
 *   <li>{@code informer_last_sync_age_seconds}: time since the cache last heard from the server
 * </ul>
 *
 * <p>Only loaded when a registry is given, so Micrometer stays optional.
 */
final class MicrometerInformerMetrics implements InformerMetrics {

  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter lists;
  private final Counter watches;
  private final Counter relists;
  private final Map<InformerError.Phase, Counter> errors = new EnumMap<>(InformerError.Phase.class);
  private final List<Meter> meters = new ArrayList<>();

  private MicrometerInformerMetrics(MeterRegistry registry, String resource, String scope) {
    this.registry = registry;
    this.tags = Tags.of("resource", resource, "scope", scope);
    this.lists = add(Counter.builder("informer_lists_total").tags(tags).register(registry));
    this.watches = add(Counter.builder("informer_watches_total").tags(tags).register(registry));
    this.relists = add(Counter.builder("informer_relists_total").tags(tags).register(registry));
    for (InformerError.Phase phase : InformerError.Phase.values()) {
      errors.put(
          phase,
          add(
              Counter.builder("informer_errors_total")
                  .tags(tags.and("phase", phase.name().toLowerCase(java.util.Locale.ROOT)))
                  .register(registry)));
    }
  }

  /** Takes the registry as Object so that callers need not load Micrometer's classes. */
  static InformerMetrics create(Object registry, String resource, String scope) {
    return new MicrometerInformerMetrics((MeterRegistry) registry, resource, scope);
  }

  private <M extends Meter> M add(M meter) {
    meters.add(meter);
    return meter;
  }

  @Override
  public void listed() {
    lists.increment();
  }

  @Override
  public void watched() {
    watches.increment();
  }

  @Override
  public void relisted() {
    relists.increment();
  }

  @Override
  public void failed(InformerError.Phase phase) {
    errors.get(phase).increment();
  }

  @Override
  public void gauges(DoubleSupplier storeSize, DoubleSupplier lastSyncAgeSeconds) {
    add(
        Gauge.builder("informer_store_objects", storeSize, DoubleSupplier::getAsDouble)
            .tags(tags)
            .strongReference(true)
            .register(registry));
    add(
        Gauge.builder(
                "informer_last_sync_age_seconds", lastSyncAgeSeconds, DoubleSupplier::getAsDouble)
            .tags(tags)
            .baseUnit("seconds")
            .strongReference(true)
            .register(registry));
  }

  @Override
  public void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }
}
