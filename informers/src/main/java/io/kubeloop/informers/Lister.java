package io.kubeloop.informers;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed read access to an informer's cache, as client-go's generated listers give: by namespace and
 * name, by label selector, by index. Reads never go to the API server.
 *
 * <p>Thread-safe. Returned objects are shared with the cache: do not modify them.
 *
 * @param <T> the object type
 */
public interface Lister<T> {

  /** All cached objects. */
  List<T> list();

  /** Cached objects whose labels match {@code selector} (matchLabels and matchExpressions). */
  List<T> list(LabelSelector selector);

  /** Cached objects whose labels include all of {@code labels}. */
  default List<T> list(Map<String, String> labels) {
    return list(new LabelSelector(null, labels));
  }

  /** A cluster-scoped object by name. */
  Optional<T> get(String name);

  /** The objects of one namespace. */
  NamespaceLister<T> namespace(String namespace);

  /** Objects by a custom index, or by {@link Indexer#NAMESPACE_INDEX}. */
  List<T> byIndex(String indexName, String value);
}
