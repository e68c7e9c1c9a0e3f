package io.kubeloop.informers;

/**
 * A handler added to a {@link SharedIndexInformer}. Closing it removes the handler: its queue is
 * dropped and its thread ends after the notification in progress.
 */
public interface HandlerRegistration extends AutoCloseable {

  /**
   * Whether this handler has been called for every object of the informer's initial list (or, if it
   * was added later, of the cache's contents at that time).
   */
  boolean hasSynced();

  /** Notifications queued for this handler and not yet delivered. */
  int pending();

  @Override
  void close();
}
