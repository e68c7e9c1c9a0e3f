package io.kubeloop.apiserver.storage;

import java.util.List;

/** Receives a watch's events. Called from a store thread; must return quickly. */
public interface WatchListener {

  /** Events in revision order; a write that touched several keys arrives in one call. */
  void onEvents(List<Event> events);

  /** The watch ended because of {@code error} (e.g. the store closed); no more events follow. */
  default void onError(Throwable error) {}
}
