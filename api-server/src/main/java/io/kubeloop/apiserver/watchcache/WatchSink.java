package io.kubeloop.apiserver.watchcache;

/**
 * Receives one watcher's events, in revision order. Called with the cache's lock held: it must only
 * hand the event on (e.g. to a connection's write queue), never block.
 */
public interface WatchSink {

  /** Returns false if the watcher cannot keep up; the cache then ends it. */
  boolean accept(CacheEvent event);

  /** The watch ended; {@code expired} tells whether it fell behind the window. No more events. */
  void closed(boolean expired);
}
