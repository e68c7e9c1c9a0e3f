package io.kubeloop.informers;

/**
 * Receives an informer's notifications. Each handler has its own queue and its own virtual thread,
 * so its calls come one at a time, in the order the informer saw the changes, and a slow handler
 * delays only itself.
 *
 * <p>Objects passed in are shared with the cache and with other handlers: do not modify them (copy
 * first, e.g. with a Fabric8 builder). A handler that throws is reported to the informer's {@link
 * InformerErrorHandler} and keeps receiving notifications.
 *
 * <p>As in client-go, handlers should only compute keys and enqueue work; reconcile from a {@link
 * Lister}.
 *
 * @param <T> the object type
 */
public interface ResourceEventHandler<T> {

  /**
   * An object appeared: in the initial list, after a relist, or through the watch.
   *
   * @param isInInitialList whether it came with the informer's first list (or, for a handler added
   *     later, with the replay of the cache's contents)
   */
  default void onAdd(T obj, boolean isInInitialList) {}

  /**
   * An object changed. Also called with the same object twice on a periodic resync, so compare
   * resourceVersions if only real changes matter.
   */
  default void onUpdate(T oldObj, T newObj) {}

  /**
   * An object was deleted.
   *
   * @param obj the last state the informer knew
   * @param deletedFinalStateUnknown true when the deletion was missed (the object vanished between
   *     two lists, client-go's {@code DeletedFinalStateUnknown}): {@code obj} may be stale
   */
  default void onDelete(T obj, boolean deletedFinalStateUnknown) {}
}
