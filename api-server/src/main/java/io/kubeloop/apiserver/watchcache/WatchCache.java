package io.kubeloop.apiserver.watchcache;

import io.kubeloop.apiserver.storage.Event;
import io.kubeloop.apiserver.storage.KeyValue;
import io.kubeloop.apiserver.storage.RangeResult;
import io.kubeloop.apiserver.storage.Storage;
import io.kubeloop.apiserver.storage.Watch;
import io.kubeloop.apiserver.storage.WatchListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * The objects of one resource and its recent events, kept current by a storage watch.
 *
 * <p>Thread-safety: the storage's watch thread applies changes under the write lock; reads and
 * watch registrations take the read lock, so a list is a consistent snapshot at {@link #revision()}
 * and a new watcher gets its initial events before any later change.
 */
public final class WatchCache implements AutoCloseable {

  /** Default number of recent events kept for watches that resume from a resourceVersion. */
  public static final int DEFAULT_WINDOW = 10_000;

  private final String prefix;
  private final ObjectDecoder decoder;
  private final int windowCapacity;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  // Guarded by lock. Every event with a revision above windowStart is in window, oldest first;
  // objects is the state at revision.
  private final TreeMap<String, CachedObject> objects = new TreeMap<>();
  // Guarded by lock: the keys of objects, counting, so a page can tell how many objects follow it.
  private final KeyCounts keys = new KeyCounts();
  private final ArrayDeque<CacheEvent> window = new ArrayDeque<>();
  private long windowStart;
  private volatile long revision;

  private final Set<Registration> watchers = ConcurrentHashMap.newKeySet();

  private final ReentrantLock waitersLock = new ReentrantLock();
  // Guarded by waitersLock: futures completed once the cache reaches their revision.
  private final PriorityQueue<Waiter> waiters =
      new PriorityQueue<>((a, b) -> Long.compare(a.revision, b.revision));

  private volatile Watch storageWatch;
  private volatile boolean closed;

  private WatchCache(String prefix, ObjectDecoder decoder, int windowCapacity) {
    this.prefix = prefix;
    this.decoder = decoder;
    this.windowCapacity = windowCapacity;
  }

  /** Loads every object under {@code prefix} and starts following changes. Returns once loaded. */
  public static WatchCache start(
      Storage storage, String prefix, ObjectDecoder decoder, int windowCapacity) {
    if (windowCapacity < 1) {
      throw new IllegalArgumentException("window capacity must be positive, got " + windowCapacity);
    }
    WatchCache cache = new WatchCache(prefix, decoder, windowCapacity);
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
   * @return the running watch, or empty if {@code start} asks for changes older than the window
   *     (the caller answers 410 Expired)
   */
  public Optional<CacheWatch> watch(
      String keyPrefix, Predicate<CachedObject> filter, Start start, WatchSink sink) {
    lock.readLock().lock();
    try {
      if (closed) {
        sink.closed(false);
        return Optional.of(() -> {});
      }
      Registration reg;
      switch (start) {
        case Start.CurrentState s -> {
          // a watcher that cannot take its initial state is ended, never silently shortened
          for (CachedObject o : range(keyPrefix).values()) {
            if (filter.test(o)
                && !sink.accept(new CacheEvent(CacheEvent.Type.ADDED, o, null, o.revision()))) {
              sink.closed(false);
              return Optional.of(() -> {});
            }
          }
          if (s.markEnd()
              && !sink.accept(
                  new CacheEvent(CacheEvent.Type.INITIAL_EVENTS_END, null, null, revision))) {
            sink.closed(false);
            return Optional.of(() -> {});
          }
          reg = new Registration(keyPrefix, filter, sink, revision);
        }
        case Start.After a -> {
          if (a.revision() < windowStart) {
            return Optional.empty();
          }
          reg = new Registration(keyPrefix, filter, sink, a.revision());
          for (CacheEvent e : window) {
            if (e.revision() > a.revision() && !reg.deliver(e)) {
              sink.closed(false);
              return Optional.of(() -> {});
            }
          }
        }
      }
      watchers.add(reg);
      return Optional.of(reg);
    } finally {
      lock.readLock().unlock();
    }
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
      for (Registration reg : watchers) {
        reg.deliver(bookmark);
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
    for (Registration reg : watchers) {
      reg.end(false);
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
        window.addLast(change);
        if (window.size() > windowCapacity) {
          windowStart = window.removeFirst().revision();
        }
        revision = Math.max(revision, e.revision());
        for (Registration reg : watchers) {
          if (!reg.deliver(change)) {
            reg.end(false);
          }
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
    for (Registration reg : watchers) {
      reg.end(false);
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

  /** One watcher: what it watches and where its events go. */
  private final class Registration implements CacheWatch {
    private final String keyPrefix;
    private final Predicate<CachedObject> filter;
    private final WatchSink sink;
    private final long afterRevision;
    private volatile boolean ended;

    Registration(String keyPrefix, Predicate<CachedObject> filter, WatchSink sink, long after) {
      this.keyPrefix = keyPrefix;
      this.filter = filter;
      this.sink = sink;
      this.afterRevision = after;
    }

    /** Hands the event on as this watcher sees it; false if the sink is overwhelmed. */
    boolean deliver(CacheEvent e) {
      if (ended) {
        return true;
      }
      if (e.type() == CacheEvent.Type.BOOKMARK) {
        return sink.accept(e);
      }
      if (e.revision() <= afterRevision || !e.object().key().startsWith(keyPrefix)) {
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
      return sink.accept(
          type == e.type() ? e : new CacheEvent(type, e.object(), e.previous(), e.revision()));
    }

    void end(boolean expired) {
      if (!ended) {
        ended = true;
        watchers.remove(this);
        sink.closed(expired);
      }
    }

    @Override
    public void close() {
      if (!ended) {
        ended = true;
        watchers.remove(this);
      }
    }
  }
}
