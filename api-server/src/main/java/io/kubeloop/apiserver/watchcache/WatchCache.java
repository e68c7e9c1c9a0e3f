package io.kubeloop.apiserver.watchcache;

import io.kubeloop.apiserver.storage.Event;
import io.kubeloop.apiserver.storage.KeyValue;
import io.kubeloop.apiserver.storage.RangeResult;
import io.kubeloop.apiserver.storage.Storage;
import io.kubeloop.apiserver.storage.Watch;
import io.kubeloop.apiserver.storage.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * The objects of one resource and its recent events, kept current by a storage watch.
 *
 * <p>Thread-safety: the storage's watch thread applies changes under the write lock; reads and
 * watch registrations take the read lock, so a list is a consistent snapshot at {@link #revision()}
 * and a new watcher gets its initial events before any later change.
 *
 * <p>Slow watchers: a watcher whose sink is full is not ended but paused (see {@link
 * CacheWatcher}); it catches up from the window of recent events once its sink can take more. A
 * watcher that falls so far behind that a change it has not had yet leaves the window is ended as
 * expired. The window holds {@code windowCapacity} changes, so that is how far a watcher may lag.
 */
public final class WatchCache implements AutoCloseable {

  /** Default number of recent events kept for watches that resume from a resourceVersion. */
  public static final int DEFAULT_WINDOW = 10_000;

  private final String prefix;
  private final ObjectDecoder decoder;
  private final Executor pumps;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  // Guarded by lock. Every event with a revision above windowStart is in window, oldest first;
  // objects is the state at revision. windowStart only grows.
  private final TreeMap<String, CachedObject> objects = new TreeMap<>();
  // Guarded by lock: the keys of objects, counting, so a page can tell how many objects follow it.
  private final KeyCounts keys = new KeyCounts();
  private final EventWindow window;
  private long windowStart;
  private volatile long revision;

  private final Set<CacheWatcher> watchers = ConcurrentHashMap.newKeySet();

  private final ReentrantLock waitersLock = new ReentrantLock();
  // Guarded by waitersLock: futures completed once the cache reaches their revision.
  private final PriorityQueue<Waiter> waiters =
      new PriorityQueue<>((a, b) -> Long.compare(a.revision, b.revision));

  private volatile Watch storageWatch;
  private volatile boolean closed;

  private WatchCache(String prefix, ObjectDecoder decoder, int windowCapacity, Executor pumps) {
    this.prefix = prefix;
    this.decoder = decoder;
    this.window = new EventWindow(windowCapacity);
    this.pumps = pumps;
  }

  /** Loads every object under {@code prefix} and starts following changes. Returns once loaded. */
  public static WatchCache start(
      Storage storage, String prefix, ObjectDecoder decoder, int windowCapacity) {
    return start(
        storage,
        prefix,
        decoder,
        windowCapacity,
        task -> Thread.ofVirtual().name("watch-catch-up").start(task));
  }

  /**
   * As {@link #start(Storage, String, ObjectDecoder, int)}, with the executor that runs a paused
   * watcher's catch-up once its sink can take more (a virtual thread each, by default).
   */
  static WatchCache start(
      Storage storage, String prefix, ObjectDecoder decoder, int windowCapacity, Executor pumps) {
    WatchCache cache = new WatchCache(prefix, decoder, windowCapacity, pumps);
    cache.load(storage);
    return cache;
  }

  private void load(Storage storage) {
    long at = 0;
    String after = null;
    lock.writeLock().lock();
    try {
      do {
        RangeResult page = storage.range(prefix, after, 1000, at);
        at = page.revision();
        for (KeyValue kv : page.kvs()) {
          if (objects.put(kv.key(), decoder.decode(kv, kv.modRevision())) == null) {
            keys.add(kv.key());
          }
          after = kv.key();
        }
        if (!page.more()) {
          break;
        }
      } while (true);
      windowStart = at;
      revision = at;
    } finally {
      lock.writeLock().unlock();
    }
    storageWatch = storage.watch(prefix, revision, new Listener());
  }

  /** The revision the cached state is at. */
  public long revision() {
    return revision;
  }

  /** Completes once the cache has applied every change up to {@code rev}. */
  public CompletableFuture<Void> awaitRevision(long rev) {
    if (revision >= rev) {
      return CompletableFuture.completedFuture(null);
    }
    Waiter waiter = new Waiter(rev, new CompletableFuture<>());
    waitersLock.lock();
    try {
      waiters.add(waiter);
    } finally {
      waitersLock.unlock();
    }
    releaseWaiters(); // the revision may have moved meanwhile
    return waiter.future;
  }

  /** The object stored under {@code key}, as of {@link #revision()}. */
  public Optional<CachedObject> get(String key) {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(objects.get(key));
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * One page of the objects under {@code keyPrefix} that match {@code filter}, in key order, from a
   * consistent snapshot at {@link Page#revision()}.
   *
   * <p>The page starts at the first key after {@code startAfter} (found in O(log n)) and stops at
   * the first match past {@code limit}, so {@code filter} sees only the objects returned, the
   * non-matching ones among them, and one more: a page costs O(limit + log n) when nothing is
   * filtered out, however deep into the list it is.
   *
   * @param startAfter the last key of the previous page, or null to start at the beginning
   * @param limit the most objects to return; 0 for all of them
   */
  public Page page(String keyPrefix, String startAfter, int limit, Predicate<CachedObject> filter) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + limit);
    }
    String end = rangeEnd(keyPrefix);
    lock.readLock().lock();
    try {
      Map<String, CachedObject> range;
      if (startAfter == null || startAfter.compareTo(keyPrefix) < 0) {
        range = objects.subMap(keyPrefix, true, end, false);
      } else if (startAfter.compareTo(end) >= 0) {
        range = Map.of();
      } else {
        range = objects.subMap(startAfter, false, end, false);
      }
      List<CachedObject> items = new ArrayList<>(limit == 0 ? 16 : Math.min(limit, 1024));
      boolean more = false;
      for (CachedObject o : range.values()) {
        if (!filter.test(o)) {
          continue;
        }
        if (limit != 0 && items.size() == limit) {
          more = true;
          break;
        }
        items.add(o);
      }
      long remaining = more ? keys.countBetween(items.get(items.size() - 1).key(), end) : 0;
      return new Page(items, revision, more, remaining);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * One page of a list.
   *
   * @param items objects in key order
   * @param revision the revision they were read at
   * @param more whether further matching objects follow
   * @param remaining how many objects under the prefix follow the last item, matching or not
   *     (kube's {@code remainingItemCount} when nothing is filtered out); 0 when {@code more} is
   *     false
   */
  public record Page(List<CachedObject> items, long revision, boolean more, long remaining) {}

  /** How a watch starts. */
  public sealed interface Start {
    /** Synthetic ADDED events for the current objects, then changes; optionally a marker. */
    record CurrentState(boolean markEnd) implements Start {}

    /** Every change after {@code revision}, replayed from the window, then live ones. */
    record After(long revision) implements Start {}
  }

  /**
   * Starts a watch of the objects under {@code keyPrefix} that match {@code filter}. An object that
   * starts or stops matching is reported as ADDED or DELETED, as kube does.
   *
   * <p>The calling thread sends the initial events (and replays the window) until the sink is full
   * or they are all sent; the rest follows as the sink drains, on other threads. Initial events are
   * sent without holding the cache's lock, so a long initial list does not hold up changes.
   *
   * @return the running watch, or empty if {@code start} asks for changes older than the window
   *     (the caller answers 410 Expired)
   */
  public Optional<CacheWatch> watch(
      String keyPrefix, Predicate<CachedObject> filter, Start start, WatchSink sink) {
    CacheWatcher watcher;
    lock.readLock().lock();
    try {
      if (closed) {
        sink.closed(false);
        return Optional.of(() -> {});
      }
      watcher =
          switch (start) {
            case Start.CurrentState s ->
                new CacheWatcher(
                    this,
                    keyPrefix,
                    filter,
                    sink,
                    new ArrayList<>(range(keyPrefix).values()),
                    s.markEnd(),
                    revision);
            case Start.After a -> {
              if (a.revision() < windowStart) {
                yield null;
              }
              yield new CacheWatcher(this, keyPrefix, filter, sink, null, false, a.revision());
            }
          };
      if (watcher == null) {
        return Optional.empty();
      }
      watchers.add(watcher);
    } finally {
      lock.readLock().unlock();
    }
    watcher.pump();
    return Optional.of(watcher);
  }

  /**
   * Sends {@code watcher} the changes of the window after its position, then turns it live; stops
   * early if its sink fills up. Ends it as expired if the window no longer has them all.
   */
  void catchUp(CacheWatcher watcher) {
    lock.readLock().lock();
    try {
      if (closed) {
        watcher.end(false);
        return;
      }
      if (watcher.position() < windowStart) {
        watcher.end(true);
        return;
      }
      for (int i = window.firstAfter(watcher.position()); i < window.size(); i++) {
        if (watcher.isEnded() || !watcher.catchUpWith(window.get(i))) {
          return;
        }
      }
      watcher.caughtUp();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Continues a paused watcher on the pump executor; called when its sink can take more. */
  void resume(CacheWatcher watcher) {
    if (!watcher.isEnded()) {
      pumps.execute(watcher::pump);
    }
  }

  void remove(CacheWatcher watcher) {
    watchers.remove(watcher);
  }

  /** The oldest resourceVersion a watch can resume from; older ones get 410 Expired. */
  public long oldestResumableRevision() {
    lock.readLock().lock();
    try {
      return windowStart;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Sends a bookmark at the current revision to every watcher, in order with its events. */
  public void bookmark() {
    lock.readLock().lock();
    try {
      CacheEvent bookmark = CacheEvent.bookmark(revision);
      for (CacheWatcher watcher : watchers) {
        watcher.onBookmark(bookmark);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Number of running watches. */
  public int watcherCount() {
    return watchers.size();
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
    } finally {
      lock.writeLock().unlock();
    }
    Watch w = storageWatch;
    if (w != null) {
      w.close();
    }
    for (CacheWatcher watcher : watchers) {
      watcher.end(false);
    }
    waitersLock.lock();
    try {
      for (Waiter waiter : waiters) {
        waiter.future.completeExceptionally(new IllegalStateException("watch cache closed"));
      }
      waiters.clear();
    } finally {
      waitersLock.unlock();
    }
  }

  private Map<String, CachedObject> range(String keyPrefix) {
    return objects.subMap(keyPrefix, true, rangeEnd(keyPrefix), false);
  }

  /** The first key past every key that starts with {@code keyPrefix}, as storage sees it. */
  private static String rangeEnd(String keyPrefix) {
    return keyPrefix + Character.MAX_VALUE;
  }

  private void apply(List<Event> events) {
    // Decode outside the lock: it parses and re-encodes JSON.
    List<CachedObject> decoded = new ArrayList<>(events.size());
    for (Event e : events) {
      decoded.add(decoder.decode(e.kv(), e.revision()));
    }
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      for (int i = 0; i < events.size(); i++) {
        Event e = events.get(i);
        CachedObject object = decoded.get(i);
        CacheEvent change;
        if (e.type() == Event.Type.DELETE) {
          CachedObject previous = objects.remove(object.key());
          if (previous != null) {
            keys.remove(object.key());
          }
          change = new CacheEvent(CacheEvent.Type.DELETED, object, previous, e.revision());
        } else {
          CachedObject previous = objects.put(object.key(), object);
          if (previous == null) {
            keys.add(object.key());
          }
          CacheEvent.Type type =
              previous == null ? CacheEvent.Type.ADDED : CacheEvent.Type.MODIFIED;
          change = new CacheEvent(type, object, previous, e.revision());
        }
        CacheEvent evicted = window.add(change);
        if (evicted != null) {
          windowStart = evicted.revision();
        }
        revision = Math.max(revision, e.revision());
        for (CacheWatcher watcher : watchers) {
          watcher.onChange(change);
        }
      }
      for (CacheWatcher watcher : watchers) {
        if (!watcher.isLive() && watcher.position() < windowStart) {
          watcher.end(true); // paused while the changes it had yet to get left the window
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
    releaseWaiters();
  }

  private void progress(long rev) {
    lock.writeLock().lock();
    try {
      if (rev > revision) {
        revision = rev;
      }
    } finally {
      lock.writeLock().unlock();
    }
    releaseWaiters();
  }

  private void releaseWaiters() {
    List<Waiter> ready = new ArrayList<>();
    waitersLock.lock();
    try {
      long now = revision;
      while (!waiters.isEmpty() && waiters.peek().revision <= now) {
        ready.add(waiters.poll());
      }
    } finally {
      waitersLock.unlock();
    }
    ready.forEach(w -> w.future.complete(null));
  }

  private void failed(Throwable error) {
    for (CacheWatcher watcher : watchers) {
      watcher.end(false);
    }
  }

  private record Waiter(long revision, CompletableFuture<Void> future) {}

  private final class Listener implements WatchListener {
    @Override
    public void onEvents(List<Event> events) {
      apply(events);
    }

    @Override
    public void onProgress(long revision) {
      progress(revision);
    }

    @Override
    public void onError(Throwable error) {
      failed(error);
    }
  }
}
