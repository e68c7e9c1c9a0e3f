package io.kubeloop.informers;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PartialObjectMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.Map;

/**
 * Creates and shares informers: one per resource, namespace scope, label selector, field selector
 * and metadata-only mode (client-go's {@code SharedInformerFactory}). Asking twice for the same
 * combination returns the same informer.
 *
 * <pre>{@code
 * try (InformerFactory factory = InformerFactory.create(client)) {
 *   SharedIndexInformer<Pod> pods =
 *       factory.informer(Pod.class, InformerOptions.defaults().withNamespaces("shop"));
 *   pods.addEventHandler(new ResourceEventHandler<>() {
 *     public void onAdd(Pod pod, boolean initial) { queue.add(key(pod)); }
 *   });
 *   factory.startAll();
 *   factory.waitForCacheSync(Duration.ofSeconds(30));
 *   Optional<Pod> web = pods.lister().namespace("shop").get("web-0");
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public interface InformerFactory extends AutoCloseable {

  /** A factory with the defaults: system clock, no metrics, errors logged. */
  static InformerFactory create(KubernetesClient client) {
    return builder(client).build();
  }

  static InformerFactoryBuilder builder(KubernetesClient client) {
    return new InformerFactoryBuilder(client);
  }

  /** The informer of a typed resource across all namespaces, with the factory's options. */
  <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type);

  /** The informer of a typed resource (a Fabric8 model class or a {@code CustomResource}). */
  <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type, InformerOptions options);

  /** The informer of a resource known only by group, version and plural (e.g. a CRD's). */
  SharedIndexInformer<GenericKubernetesResource> genericInformer(
      ResourceDefinitionContext resource, InformerOptions options);

  /**
   * An informer that keeps only {@code apiVersion}, {@code kind} and {@code metadata} of each
   * object. The server is asked for full objects, which are cut down before storing: kubeloop's API
   * server does not serve {@code as=PartialObjectMetadata} yet.
   */
  SharedIndexInformer<PartialObjectMetadata> metadataInformer(
      Class<? extends HasMetadata> type, InformerOptions options);

  /** {@link #metadataInformer(Class, InformerOptions)} for a resource known by name. */
  SharedIndexInformer<PartialObjectMetadata> metadataInformer(
      ResourceDefinitionContext resource, InformerOptions options);

  /**
   * Starts every informer created so far that is not started; informers created later need another
   * call (as client-go's {@code Start}).
   */
  void startAll();

  /**
   * Waits until every started informer has synced.
   *
   * @return whether they all synced within {@code timeout}
   */
  boolean waitForCacheSync(Duration timeout) throws InterruptedException;

  /** Health of every informer, by description. */
  Map<String, InformerHealth> health();

  /** Stops every informer. */
  @Override
  void close();
}
