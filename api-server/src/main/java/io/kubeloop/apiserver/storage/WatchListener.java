package io.kubeloop.apiserver.storage;

import java.util.List;

/** Receives a watch's events. Called from a store thread; must return quickly. */
public interface WatchListener {

  /** Events in revision order; a write that touched several keys arrives in one call. */
  void onEvents(List<Event> events);

  /**
   * Every event up to {@code revision} has been delivered: nothing the watch covers changed between
   * its last event and this revision. Stores call this after writes elsewhere in the key space, so
   * a cache can tell it is current without an event of its own.
   */
  default void onProgress(long revision) {}

  /** The watch ended because of {@code error} (e.g. the store closed); no more events follow. */
  default void onError(Throwable error) {}
}
