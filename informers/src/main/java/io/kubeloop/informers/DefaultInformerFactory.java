package io.kubeloop.informers;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PartialObjectMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/** The {@link InformerFactory}. Thread-safe. */
final class DefaultInformerFactory implements InformerFactory {

  /** What makes two informer requests the same informer. */
  private record Key(
      ResourcePath path,
      Class<?> type,
      Set<String> namespaces,
      String labelSelector,
      String fieldSelector,
      boolean metadataOnly) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final RandomGenerator random;
  private final Object meterRegistry;
  private final InformerErrorHandler errors;
  private final InformerOptions defaults;
  private final Map<Key, DefaultSharedIndexInformer<?>> informers = new ConcurrentHashMap<>();
  private volatile boolean closed;

  DefaultInformerFactory(
      KubernetesClient client,
      Clock clock,
      RandomGenerator random,
      Object meterRegistry,
      InformerErrorHandler errors,
      InformerOptions defaults) {
    this.client = client;
    this.clock = clock;
    this.random = random;
    this.meterRegistry = meterRegistry;
    this.errors = errors;
    this.defaults = defaults;
  }

  @Override
  public <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type) {
    return informer(type, defaults);
  }

  @Override
  public <T extends HasMetadata> SharedIndexInformer<T> informer(
      Class<T> type, InformerOptions options) {
    return create(ResourcePath.of(type), type, options, false);
  }

  @Override
  public SharedIndexInformer<GenericKubernetesResource> genericInformer(
      ResourceDefinitionContext resource, InformerOptions options) {
    return create(ResourcePath.of(resource), GenericKubernetesResource.class, options, false);
  }

  @Override
  public SharedIndexInformer<PartialObjectMetadata> metadataInformer(
      Class<? extends HasMetadata> type, InformerOptions options) {
    return create(ResourcePath.of(type), PartialObjectMetadata.class, options, true);
  }

  @Override
  public SharedIndexInformer<PartialObjectMetadata> metadataInformer(
      ResourceDefinitionContext resource, InformerOptions options) {
    return create(ResourcePath.of(resource), PartialObjectMetadata.class, options, true);
  }

  private <T extends HasMetadata> SharedIndexInformer<T> create(
      ResourcePath path, Class<T> type, InformerOptions options, boolean metadataOnly) {
    if (closed) {
      throw new IllegalStateException("the informer factory is closed");
    }
    InformerOptions effective = path.namespaced() ? options : options.withAllNamespaces();
    Key key =
        new Key(
            path,
            type,
            effective.namespaces(),
            effective.labelSelector(),
            effective.fieldSelector(),
            metadataOnly);
    @SuppressWarnings("unchecked")
    SharedIndexInformer<T> informer =
        (SharedIndexInformer<T>)
            informers.computeIfAbsent(key, k -> newInformer(path, type, effective, metadataOnly));
    return informer;
  }

  private <T extends HasMetadata> DefaultSharedIndexInformer<T> newInformer(
      ResourcePath path, Class<T> type, InformerOptions options, boolean metadataOnly) {
    String description = describe(path, options, metadataOnly);
    ObjectScanner.Projection projection =
        metadataOnly
            ? ObjectScanner.Projection.METADATA_ONLY
            : options.dropManagedFields()
                ? ObjectScanner.Projection.WITHOUT_MANAGED_FIELDS
                : ObjectScanner.Projection.FULL;
    String scope = options.namespaces().isEmpty() ? "all" : String.join(",", options.namespaces());
    InformerMetrics metrics =
        meterRegistry == null
            ? InformerMetrics.NONE
            : MicrometerInformerMetrics.create(meterRegistry, path.resource(), scope);
    return new DefaultSharedIndexInformer<>(
        description,
        new Fabric8ListWatch(client, path, clock),
        new ObjectDecoder<>(type, options.decodeCacheSize()),
        options,
        projection,
        clock,
        random,
        errors,
        metrics);
  }

  static String describe(ResourcePath path, InformerOptions options, boolean metadataOnly) {
    StringBuilder d = new StringBuilder(path.resource());
    if (metadataOnly) {
      d.append(" (metadata)");
    }
    if (path.namespaced()) {
      d.append(
          options.namespaces().isEmpty()
              ? " in all namespaces"
              : " in namespaces " + List.copyOf(new java.util.TreeSet<>(options.namespaces())));
    }
    if (!options.labelSelector().isEmpty()) {
      d.append(" with labels ").append(options.labelSelector());
    }
    if (!options.fieldSelector().isEmpty()) {
      d.append(" with fields ").append(options.fieldSelector());
    }
    return d.toString();
  }

  @Override
  public void startAll() {
    informers.values().forEach(DefaultSharedIndexInformer::start);
  }

  @Override
  public boolean waitForCacheSync(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (DefaultSharedIndexInformer<?> informer : informers.values()) {
      if (!informer.isRunning()) {
        continue;
      }
      long left = deadline - System.nanoTime();
      if (!informer.waitForSync(Duration.ofNanos(Math.max(0, left)))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Map<String, InformerHealth> health() {
    Map<String, InformerHealth> result = new LinkedHashMap<>();
    informers.values().forEach(i -> result.put(i.description(), i.health()));
    return result;
  }

  @Override
  public void close() {
    closed = true;
    informers.values().forEach(DefaultSharedIndexInformer::stop);
  }
}
