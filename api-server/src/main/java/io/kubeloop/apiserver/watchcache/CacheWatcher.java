package io.kubeloop.apiserver.watchcache;

import java.util.List;
import java.util.function.Predicate;

/**
 * One watcher of a {@link WatchCache}: what it watches, where its events go and how far it has got.
 *
 * <p>A watcher is either <em>live</em>, when the cache pushes each change to it as it applies it,
 * or <em>behind</em>: still sending its initial events, or paused because its sink was full. A
 * watcher behind pulls instead: once the sink can take more, it sends the rest of its initial
 * events, then the changes after {@link #position} from the cache's window, and turns live when it
 * has caught up. So a slow reader holds up neither the cache nor other watchers, and never loses or
 * reorders events. The only limit is the window: a watcher whose next change has already left it is
 * ended as expired (410), exactly like a watch that asks to resume from a revision that old.
 *
 * <p>Concurrency: at any time exactly one party delivers to a watcher. While live that is the
 * cache's thread, under the cache's write lock (changes) or read lock (bookmarks). While behind it
 * is the single pump task, run first by the thread that started the watch and then once per {@link
 * WatchSink#whenWritable} callback; every pump ends by either turning live (under the read lock) or
 * asking the sink for one more callback, as its very last action.
 */
final class CacheWatcher implements CacheWatch {

  private final WatchCache cache;
  private final String keyPrefix;
  private final Predicate<CachedObject> filter;
  private final WatchSink sink;

  /** Changes up to here are never sent: the watch asked to start after this revision. */
  private final long startAfter;

  // Only the pump touches these. initial: the objects to send as ADDED events (null once sent);
  // next: the index of the next one.
  private List<CachedObject> initial;
  private int next;
  private boolean markEnd;
  private final long initialRevision;

  // The revision of the last change this watcher has been given or skipped as not matching.
  private volatile long position;
  private volatile boolean live;
  private volatile boolean ended;

  /**
   * @param initial the objects at {@code revision} to send first as ADDED events, or null
   * @param markEnd whether an INITIAL_EVENTS_END event follows the initial events
   * @param revision the revision of {@code initial}, or the revision to start after
   */
  CacheWatcher(
      WatchCache cache,
      String keyPrefix,
      Predicate<CachedObject> filter,
      WatchSink sink,
      List<CachedObject> initial,
      boolean markEnd,
      long revision) {
    this.cache = cache;
    this.keyPrefix = keyPrefix;
    this.filter = filter;
    this.sink = sink;
    this.initial = initial;
    this.markEnd = markEnd;
    this.initialRevision = revision;
    this.startAfter = revision;
    this.position = revision;
  }

  long position() {
    return position;
  }

  boolean isLive() {
    return live;
  }

  boolean isEnded() {
    return ended;
  }

  /**
   * Sends what this watcher is behind on until its sink is full (then it waits for the sink) or it
   * has caught up (then it turns live). Never blocks on the sink.
   */
  void pump() {
    if (ended) {
      return;
    }
    if (initial != null) {
      while (next < initial.size()) {
        if (ended) {
          return;
        }
        CachedObject o = initial.get(next++);
        if (filter.test(o)
            && !sink.accept(new CacheEvent(CacheEvent.Type.ADDED, o, null, o.revision()))) {
          awaitWritable();
          return;
        }
      }
      initial = null;
      if (markEnd) {
        markEnd = false;
        if (!sink.accept(
            new CacheEvent(CacheEvent.Type.INITIAL_EVENTS_END, null, null, initialRevision))) {
          awaitWritable();
          return;
        }
      }
    }
    cache.catchUp(this);
  }

  /**
   * Called by the cache, under its read lock, for each change of the window after {@link
   * #position}, oldest first; false when the sink is full (the watcher then waits for it).
   */
  boolean catchUpWith(CacheEvent change) {
    position = change.revision();
    if (!send(change)) {
      awaitWritable();
      return false;
    }
    return true;
  }

  /** Called by the cache, under its read lock, once the watcher has had every change. */
  void caughtUp() {
    live = true;
  }

  /** Called by the cache, under its write lock, for every change it applies. */
  void onChange(CacheEvent change) {
    if (!live || ended) {
      return; // a watcher behind reads the change from the window when it catches up
    }
    position = change.revision();
    if (!send(change)) {
      live = false;
      awaitWritable();
    }
  }

  /** Called by the cache, under its read lock, to send a bookmark to a live watcher. */
  void onBookmark(CacheEvent bookmark) {
    if (live && !ended && !sink.accept(bookmark)) {
      live = false;
      awaitWritable();
    }
  }

  /** Sends the change as this watcher sees it; false if the sink is now full. */
  private boolean send(CacheEvent e) {
    if (ended || e.revision() <= startAfter || !e.object().key().startsWith(keyPrefix)) {
      return true;
    }
    boolean now = e.type() != CacheEvent.Type.DELETED && filter.test(e.object());
    boolean before = e.previous() != null && filter.test(e.previous());
    CacheEvent.Type type;
    if (e.type() == CacheEvent.Type.DELETED) {
      type = before || filter.test(e.object()) ? CacheEvent.Type.DELETED : null;
    } else if (now && before) {
      type = CacheEvent.Type.MODIFIED;
    } else if (now) {
      type = CacheEvent.Type.ADDED;
    } else if (before) {
      type = CacheEvent.Type.DELETED;
    } else {
      type = null;
    }
    if (type == null) {
      return true;
    }
    // the same instance for every watcher that sees the change as it is, so its frame is shared
    return sink.accept(
        type == e.type() ? e : new CacheEvent(type, e.object(), e.previous(), e.revision()));
  }

  private void awaitWritable() {
    sink.whenWritable(() -> cache.resume(this));
  }

  /** Ends the watch and tells the sink; {@code expired} if it fell behind the window. */
  void end(boolean expired) {
    if (!ended) {
      ended = true;
      cache.remove(this);
      sink.closed(expired);
    }
  }

  @Override
  public void close() {
    if (!ended) {
      ended = true;
      cache.remove(this);
    }
  }
}
