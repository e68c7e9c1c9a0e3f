package io.kubeloop.apiserver.storage;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link Storage} that keeps everything in memory, for tests and throw-away clusters.
 *
 * <p>Every version of every key is kept until {@link #compact}, so ranges at past revisions see
 * exactly the snapshot of that revision, and watches can start anywhere after the compacted
 * revision. Expired keys are deleted, with ordinary DELETE events, by a sweep that reads the
 * injected clock.
 *
 * <p>Thread-safe. One read-write lock guards the state; writes hold it only for in-memory work and
 * hand their events to the store's watch dispatcher thread without waiting.
 */
public final class MemoryStorage implements Storage {

  /** One version of a key; {@code kv} is null for the tombstone a delete leaves. */
  private record Version(long revision, KeyValue kv) {}

  /** A TTL deadline of the version written at {@code modRevision}; stale once the key changes. */
  private record Expiry(long deadlineMillis, long modRevision, String key) {}

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final InstantSource clock;
  private final WatchHub hub;
  private final TtlSweeper sweeper;

  // Guarded by lock. Versions of a key are in revision order; a key whose history is all
  // compacted away has no entry. log.get(i) is the event of revision compacted + 1 + i.
  private final TreeMap<String, List<Version>> keys = new TreeMap<>();
  private final List<Event> log = new ArrayList<>();
  private final TreeSet<Expiry> expiries =
      new TreeSet<>(
          Comparator.comparingLong(Expiry::deadlineMillis).thenComparingLong(Expiry::modRevision));
  private boolean closed;

  // Written under the write lock, read without it.
  private volatile long revision;
  private volatile long compacted;

  private MemoryStorage(StorageOptions options) {
    this.clock = options.clock();
    this.hub = new WatchHub("kubeloop-memory-storage-watch", 0, this::readHistory);
    this.sweeper =
        TtlSweeper.start(
            "kubeloop-memory-storage-ttl", options.ttlSweepInterval(), this::expireDue);
  }

  /** An empty store on the system clock, sweeping expired keys every second. */
  public static MemoryStorage create() {
    return create(StorageOptions.defaults());
  }

  /** An empty store with the given clock and sweep interval. */
  public static MemoryStorage create(StorageOptions options) {
    return new MemoryStorage(Objects.requireNonNull(options, "options"));
  }

  @Override
  public long currentRevision() {
    return revision;
  }

  @Override
  public long compactedRevision() {
    return compacted;
  }

  @Override
  public KeyValue create(String key, byte[] value, long ttlSeconds) {
    Keys.checkKey(key);
    Objects.requireNonNull(value, "value");
    Keys.checkTtl(ttlSeconds);
    Lock write = writeLocked();
    try {
      if (latest(key) != null) {
        throw new KeyExistsException(key);
      }
      long rev = revision + 1;
      KeyValue kv = new KeyValue(key, value, rev, rev);
      commit(new Event(Event.Type.PUT, kv, null), ttlSeconds);
      return kv;
    } finally {
      write.unlock();
    }
  }

  @Override
  public KeyValue update(String key, long expectedModRevision, byte[] value, long ttlSeconds) {
    Keys.checkKey(key);
    Objects.requireNonNull(value, "value");
    Keys.checkTtl(ttlSeconds);
    Lock write = writeLocked();
    try {
      KeyValue current = latest(key);
      if (current == null || current.modRevision() != expectedModRevision) {
        throw new RevisionMismatchException(key, current);
      }
      KeyValue kv = new KeyValue(key, value, current.createRevision(), revision + 1);
      commit(new Event(Event.Type.PUT, kv, current), ttlSeconds);
      return kv;
    } finally {
      write.unlock();
    }
  }

  @Override
  public KeyValue delete(String key, long expectedModRevision) {
    Keys.checkKey(key);
    Lock write = writeLocked();
    try {
      KeyValue current = latest(key);
      if (current == null
          || (expectedModRevision != 0 && current.modRevision() != expectedModRevision)) {
        throw new RevisionMismatchException(key, current);
      }
      deleteLocked(current);
      return current;
    } finally {
      write.unlock();
    }
  }

  @Override
  public Optional<KeyValue> get(String key) {
    Keys.checkKey(key);
    Lock read = readLocked();
    try {
      return Optional.ofNullable(latest(key));
    } finally {
      read.unlock();
    }
  }

  @Override
  public RangeResult range(String prefix, String startAfter, int limit, long revision) {
    Objects.requireNonNull(prefix, "prefix");
    if (limit < 0 || revision < 0) {
      throw new IllegalArgumentException(
          String.format("limit and revision must not be negative, got %d and %d", limit, revision));
    }
    Lock read = readLocked();
    try {
      long at = checkReadable(revision);
      List<KeyValue> page = new ArrayList<>();
      long remaining = 0;
      for (List<Version> versions : keysInRange(prefix, startAfter).values()) {
        KeyValue kv = at(versions, at);
        if (kv == null) {
          continue;
        }
        if (limit == 0 || page.size() < limit) {
          page.add(kv);
        } else {
          remaining++;
        }
      }
      return new RangeResult(List.copyOf(page), at, remaining);
    } finally {
      read.unlock();
    }
  }

  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(listener, "listener");
    if (afterRevision < 0) {
      throw new IllegalArgumentException(
          String.format("afterRevision must not be negative, got %d", afterRevision));
    }
    // under the lock so that close() cannot stop the dispatcher between the check and register
    Lock read = readLocked();
    try {
      if (afterRevision < compacted) {
        throw new CompactedException(afterRevision, compacted);
      }
      return hub.register(prefix, afterRevision, listener);
    } finally {
      read.unlock();
    }
  }

  @Override
  public void compact(long revision) {
    Lock write = writeLocked();
    try {
      if (revision > this.revision) {
        throw new FutureRevisionException(revision, this.revision);
      }
      if (revision <= compacted) {
        throw new CompactedException(revision, compacted);
      }
      var entries = keys.values().iterator();
      while (entries.hasNext()) {
        List<Version> versions = entries.next();
        int last = indexAt(versions, revision);
        // keep the version that is current at the compacted revision, unless it is a tombstone
        int drop = last >= 0 && versions.get(last).kv() == null ? last + 1 : last;
        if (drop > 0) {
          versions.subList(0, drop).clear();
        }
        if (versions.isEmpty()) {
          entries.remove();
        }
      }
      log.subList(0, (int) (revision - compacted)).clear();
      compacted = revision;
    } finally {
      write.unlock();
    }
  }

  /**
   * Deletes every key whose TTL deadline has passed by the clock, each with its own DELETE event.
   *
   * @return how many keys were deleted; 0 once the store is closed
   */
  int expireDue() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return 0;
      }
      long now = clock.millis();
      int deleted = 0;
      while (!expiries.isEmpty() && expiries.first().deadlineMillis() <= now) {
        Expiry expiry = expiries.pollFirst();
        KeyValue current = latest(expiry.key());
        if (current != null && current.modRevision() == expiry.modRevision()) {
          deleteLocked(current);
          deleted++;
        }
      }
      return deleted;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Stops the sweep and the dispatcher; open watches end with a {@link StorageException}. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lock.writeLock().unlock();
    }
    sweeper.close();
    hub.stop(new StorageException("storage is closed"));
  }

  private void deleteLocked(KeyValue current) {
    long rev = revision + 1;
    KeyValue deleted = new KeyValue(current.key(), current.value(), current.createRevision(), rev);
    commit(new Event(Event.Type.DELETE, deleted, current), 0);
  }

  /** Records the event of the next revision; caller holds the write lock. */
  private void commit(Event event, long ttlSeconds) {
    long rev = event.revision();
    KeyValue kv = event.kv();
    Version version = new Version(rev, event.type() == Event.Type.PUT ? kv : null);
    keys.computeIfAbsent(kv.key(), k -> new ArrayList<>()).add(version);
    if (ttlSeconds > 0) {
      expiries.add(new Expiry(clock.millis() + ttlSeconds * 1000, rev, kv.key()));
    }
    log.add(event);
    revision = rev;
    hub.publish(List.of(event));
  }

  private List<Event> readHistory(String prefix, long after, long upTo) {
    Lock read = lock.readLock();
    read.lock();
    try {
      if (after < compacted) {
        throw new CompactedException(after, compacted);
      }
      List<Event> events = new ArrayList<>();
      for (Event event : log.subList((int) (after - compacted), (int) (upTo - compacted))) {
        if (event.kv().key().startsWith(prefix)) {
          events.add(event);
        }
      }
      return events;
    } finally {
      read.unlock();
    }
  }

  /** The revision a range at {@code requested} reads, after checking it is kept. */
  private long checkReadable(long requested) {
    long current = revision;
    if (requested == 0) {
      return current;
    }
    if (requested > current) {
      throw new FutureRevisionException(requested, current);
    }
    if (requested <= compacted) {
      throw new CompactedException(requested, compacted);
    }
    return requested;
  }

  private NavigableMap<String, List<Version>> keysInRange(String prefix, String startAfter) {
    NavigableMap<String, List<Version>> tail =
        Keys.startsAfterPrefix(prefix, startAfter)
            ? keys.tailMap(startAfter, false)
            : keys.tailMap(prefix, true);
    String end = Keys.prefixEnd(prefix);
    return end == null ? tail : tail.headMap(end, false);
  }

  private KeyValue latest(String key) {
    List<Version> versions = keys.get(key);
    return versions == null ? null : versions.get(versions.size() - 1).kv();
  }

  private static KeyValue at(List<Version> versions, long rev) {
    int index = indexAt(versions, rev);
    return index < 0 ? null : versions.get(index).kv();
  }

  /** The index of the last version at or before {@code rev}, or -1. */
  private static int indexAt(List<Version> versions, long rev) {
    int low = 0;
    int high = versions.size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (versions.get(mid).revision() <= rev) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return high;
  }

  private Lock writeLocked() {
    Lock write = lock.writeLock();
    write.lock();
    if (closed) {
      write.unlock();
      throw new StorageException("storage is closed");
    }
    return write;
  }

  private Lock readLocked() {
    Lock read = lock.readLock();
    read.lock();
    if (closed) {
      read.unlock();
      throw new StorageException("storage is closed");
    }
    return read;
  }

  @Override
  public String toString() {
    return "MemoryStorage{revision=" + revision + ", compacted=" + compacted + "}";
  }
}
