package io.kubeloop.informers;

import java.util.List;

/**
 * Computes the values under which an object is indexed (client-go's {@code IndexFunc}). Called on
 * the informer's reflector thread for each stored version of each object; it must be fast, pure and
 * must not modify the object.
 *
 * @param <T> the object type
 */
@FunctionalInterface
public interface IndexFunction<T> {

  /** The index values of {@code obj}; empty if it is not indexed. */
  List<String> values(T obj);
}
