package io.kubeloop.informers;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Lister} narrowed to one namespace. Thread-safe; objects are shared, do not modify them.
 *
 * @param <T> the object type
 */
public interface NamespaceLister<T> {

  List<T> list();

  List<T> list(LabelSelector selector);

  default List<T> list(Map<String, String> labels) {
    return list(new LabelSelector(null, labels));
  }

  Optional<T> get(String name);
}
