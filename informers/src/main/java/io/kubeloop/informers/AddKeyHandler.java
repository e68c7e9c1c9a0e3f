package io.kubeloop.informers;

/**
 * A {@link ResourceEventHandler} told of added objects by key only: the informer calls {@link
 * #onAddKey} instead of decoding each added object for {@link #onAdd}. For handlers that need no
 * more than the namespace and name of a new object, such as a controller enqueueing its primary
 * objects: a sync then decodes nothing for them. Updates and deletes are delivered with objects, as
 * to any handler.
 *
 * @param <T> the object type
 */
public interface AddKeyHandler<T> extends ResourceEventHandler<T> {

  /**
   * An object appeared, as for {@link #onAdd}.
   *
   * @param namespace its namespace, {@code ""} for a cluster-scoped object
   * @param name its name
   * @param isInInitialList as for {@link #onAdd}
   */
  void onAddKey(String namespace, String name, boolean isInInitialList);
}
