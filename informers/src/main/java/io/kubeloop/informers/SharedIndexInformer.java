package io.kubeloop.informers;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A cache of one resource (in one namespace, several, or all, optionally narrowed by selectors)
 * kept current by list and watch, shared by any number of handlers (client-go's {@code
 * SharedIndexInformer}).
 *
 * <p>Lifecycle: configure ({@link #addIndexers}, {@link #setTransform}), add handlers (before or
 * after starting), {@link #start()}, wait for {@link #hasSynced()}, read through {@link #lister()}
 * or {@link #indexer()}, {@link #stop()}. The informer never gives up on its own: errors are
 * retried with backoff, reported to the factory's {@link InformerErrorHandler} and visible in
 * {@link #health()}.
 *
 * <p>Thread-safe.
 *
 * @param <T> the object type
 */
public interface SharedIndexInformer<T> extends AutoCloseable {

  /** Adds a handler with the informer's default resync period. */
  HandlerRegistration addEventHandler(ResourceEventHandler<? super T> handler);

  /**
   * Adds a handler. If the informer has started, the handler first gets {@code onAdd(obj, true)}
   * for every cached object, then live notifications, with nothing missed or repeated between.
   *
   * @param resyncPeriod how often the handler gets {@code onUpdate(obj, obj)} for every cached
   *     object; zero for never
   */
  HandlerRegistration addEventHandler(
      ResourceEventHandler<? super T> handler, Duration resyncPeriod);

  /**
   * Adds indexes, queried with {@link Indexer#byIndex}. Only before {@link #start()}: index
   * functions decode each stored object, which the cache otherwise avoids.
   *
   * @throws IllegalStateException if the informer has started
   * @throws IllegalArgumentException if an index of that name exists
   */
  void addIndexers(Map<String, IndexFunction<? super T>> indexers);

  /**
   * Sets a function applied to each object before it is stored (client-go's {@code SetTransform}),
   * e.g. to drop fields the controller never reads. Only before {@link #start()}. It runs on the
   * reflector thread and costs a decode and an encode per object; managedFields are already dropped
   * unless {@link InformerOptions#dropManagedFields()} is false.
   *
   * @throws IllegalStateException if the informer has started
   */
  void setTransform(UnaryOperator<T> transform);

  /** Read access to the cache by key and index. */
  Indexer<T> indexer();

  /** Typed read access to the cache by namespace, name, labels and index. */
  Lister<T> lister();

  /** Starts listing and watching. Idempotent. */
  SharedIndexInformer<T> start();

  /** Whether the initial list of every watched namespace has reached the cache. */
  boolean hasSynced();

  /**
   * Waits until {@link #hasSynced()}.
   *
   * @return whether it synced within {@code timeout}
   */
  boolean waitForSync(Duration timeout) throws InterruptedException;

  /** The resourceVersion the cache is at (of the first namespace's reflector when several). */
  String lastSyncResourceVersion();

  InformerHealth health();

  /** Whether {@link #start()} was called and {@link #stop()} was not. */
  boolean isRunning();

  /** E.g. {@code configmaps in namespaces [a, b] with labels app=web}. */
  String description();

  /** Stops listing, watching and delivering. The cache stays readable. Idempotent. */
  void stop();

  /** Same as {@link #stop()}. */
  @Override
  default void close() {
    stop();
  }
}
