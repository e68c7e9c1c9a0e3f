package io.kubeloop.informers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The thread-safe object store of one informer: entries by key, ordered by namespace then name (so
 * the namespace index costs nothing: a namespace is a key range), plus custom indexes from index
 * name to index value to keys.
 *
 * <p>Thread-safety: writers (reflector threads) take the write lock, so an entry and its index
 * postings change together. {@link #get} reads the concurrent map without locking; reads of several
 * entries ({@link #list}, {@link #byIndex}) take the read lock and see one consistent state.
 */
final class CompactStore {

  private final ConcurrentSkipListMap<ObjectKey, Entry> entries = new ConcurrentSkipListMap<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  // index names in the order of Entry.indexValues; guarded by lock
  private final List<String> indexNames = new ArrayList<>();
  // index name -> value -> keys; guarded by lock
  private final Map<String, Map<String, Set<ObjectKey>>> indexes = new HashMap<>();

  /** Declares custom indexes; entries stored afterwards carry their values in this order. */
  void defineIndexes(Collection<String> names) {
    lock.writeLock().lock();
    try {
      for (String name : names) {
        if (indexes.containsKey(name)) {
          throw new IllegalArgumentException("index " + name + " is already defined");
        }
        indexNames.add(name);
        indexes.put(name, new HashMap<>());
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  List<String> indexNames() {
    lock.readLock().lock();
    try {
      return List.copyOf(indexNames);
    } finally {
      lock.readLock().unlock();
    }
  }

  Entry get(ObjectKey key) {
    return entries.get(key);
  }

  /** Stores {@code entry}, replacing and returning the entry of the same key, if any. */
  Entry put(Entry entry) {
    lock.writeLock().lock();
    try {
      Entry previous = entries.put(entry.key, entry);
      if (!indexNames.isEmpty()) {
        if (previous != null) {
          unindex(previous);
        }
        index(entry);
      }
      return previous;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes and returns the entry of {@code key}, if any. */
  Entry remove(ObjectKey key) {
    lock.writeLock().lock();
    try {
      Entry previous = entries.remove(key);
      if (previous != null && !indexNames.isEmpty()) {
        unindex(previous);
      }
      return previous;
    } finally {
      lock.writeLock().unlock();
    }
  }

  int size() {
    return entries.size();
  }

  /** All entries, in key order. */
  List<Entry> list() {
    lock.readLock().lock();
    try {
      return new ArrayList<>(entries.values());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The entries of {@code namespace} ("" for cluster-scoped objects), in name order. */
  List<Entry> list(String namespace) {
    lock.readLock().lock();
    try {
      return new ArrayList<>(namespaceRange(namespace).values());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The keys in {@code namespace}, or all keys when {@code namespace} is null. */
  List<ObjectKey> keys(String namespace) {
    lock.readLock().lock();
    try {
      NavigableMap<ObjectKey, Entry> range =
          namespace == null ? entries : namespaceRange(namespace);
      return new ArrayList<>(range.keySet());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The entries whose index {@code indexName} has {@code value}. */
  List<Entry> byIndex(String indexName, String value) {
    lock.readLock().lock();
    try {
      Map<String, Set<ObjectKey>> index = requireIndex(indexName);
      Set<ObjectKey> keys = index.getOrDefault(value, Set.of());
      List<Entry> result = new ArrayList<>(keys.size());
      for (ObjectKey key : keys) {
        Entry e = entries.get(key);
        if (e != null) {
          result.add(e);
        }
      }
      return result;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The values index {@code indexName} has postings for. */
  Set<String> indexValues(String indexName) {
    lock.readLock().lock();
    try {
      return Set.copyOf(requireIndex(indexName).keySet());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Namespaces with at least one entry. */
  Set<String> namespaces() {
    lock.readLock().lock();
    try {
      Set<String> result = new HashSet<>();
      ObjectKey k = entries.isEmpty() ? null : entries.firstKey();
      while (k != null) {
        result.add(k.namespace());
        k = entries.ceilingKey(new ObjectKey(k.namespace() + '\0', ""));
      }
      return result;
    } finally {
      lock.readLock().unlock();
    }
  }

  private ConcurrentNavigableMap<ObjectKey, Entry> namespaceRange(String namespace) {
    return entries.subMap(
        ObjectKey.first(namespace), true, ObjectKey.first(namespace + '\0'), false);
  }

  private Map<String, Set<ObjectKey>> requireIndex(String indexName) {
    if (indexName.equals(Indexer.NAMESPACE_INDEX)) {
      throw new IllegalArgumentException("the namespace index is served by the store's key order");
    }
    Map<String, Set<ObjectKey>> index = indexes.get(indexName);
    if (index == null) {
      throw new IllegalArgumentException(
          "no index named " + indexName + "; indexes: " + indexNames);
    }
    return index;
  }

  private void index(Entry entry) {
    for (int i = 0; i < indexNames.size(); i++) {
      Map<String, Set<ObjectKey>> index = indexes.get(indexNames.get(i));
      for (String value : values(entry, i)) {
        index.computeIfAbsent(value, v -> new HashSet<>()).add(entry.key);
      }
    }
  }

  private void unindex(Entry entry) {
    for (int i = 0; i < indexNames.size(); i++) {
      Map<String, Set<ObjectKey>> index = indexes.get(indexNames.get(i));
      for (String value : values(entry, i)) {
        Set<ObjectKey> keys = index.get(value);
        if (keys != null) {
          keys.remove(entry.key);
          if (keys.isEmpty()) {
            index.remove(value);
          }
        }
      }
    }
  }

  private static List<String> values(Entry entry, int i) {
    return entry.indexValues == null
            || i >= entry.indexValues.length
            || entry.indexValues[i] == null
        ? List.of()
        : entry.indexValues[i];
  }
}
