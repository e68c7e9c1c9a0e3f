package io.kubeloop.apiserver.watchcache;

/**
 * Receives one watcher's events, in revision order, from one thread at a time (not always the same
 * one, and sometimes with the cache's lock held): it must only hand each event on (e.g. to a
 * connection's write queue), never block.
 *
 * <p>Flow control: {@link #accept} always takes the event, and tells whether the sink can take
 * more. After {@code false} the cache sends nothing more until the sink runs the action it got from
 * {@link #whenWritable}; meanwhile the watcher's changes wait in the cache's window (see {@link
 * WatchCache}).
 */
public interface WatchSink {

  /**
   * Takes one event.
   *
   * @return whether the sink can take more now; false pauses the watcher
   */
  boolean accept(CacheEvent event);

  /**
   * Runs {@code resume} once, on any thread, as soon as the sink can take events again: at once if
   * it already can. Called after {@link #accept} returned false. {@code resume} does not block.
   *
   * <p>The default runs it at once, which suits sinks that never report being full.
   */
  default void whenWritable(Runnable resume) {
    resume.run();
  }

  /** The watch ended; {@code expired} tells whether it fell behind the window. No more events. */
  void closed(boolean expired);
}
