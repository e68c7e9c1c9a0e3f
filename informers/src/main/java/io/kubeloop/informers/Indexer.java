package io.kubeloop.informers;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of an informer's cache (client-go's {@code Indexer} without the writes).
 *
 * <p>Keys are client-go's: {@code namespace/name}, or {@code name} for cluster-scoped objects.
 * Objects are decoded from the cache's compact form on read (a small cache keeps recently read ones
 * decoded) and are shared: do not modify them. Thread-safe; a call that returns several objects
 * sees one consistent state of the cache.
 *
 * @param <T> the object type
 */
public interface Indexer<T> {

  /** The index every informer has: objects by namespace ("" for cluster-scoped objects). */
  String NAMESPACE_INDEX = "namespace";

  Optional<T> getByKey(String key);

  Optional<T> get(String namespace, String name);

  List<T> list();

  List<String> listKeys();

  int size();

  /**
   * The objects whose index {@code indexName} has {@code value}; {@link #NAMESPACE_INDEX} works
   * too.
   *
   * @throws IllegalArgumentException if there is no such index
   */
  List<T> byIndex(String indexName, String value);

  /** The keys of {@link #byIndex}'s objects. */
  List<String> indexKeys(String indexName, String value);

  /** The values index {@code indexName} currently has objects for. */
  Set<String> indexValues(String indexName);

  /** The names of the indexes, {@link #NAMESPACE_INDEX} first. */
  List<String> indexNames();
}
