package io.kubeloop.workqueue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Items waiting for their time, client-go's {@code waitForPriorityQueue} plus its {@code
 * waitingEntryByData} map: a binary min-heap on the ready time whose entries know their index, so
 * moving an item earlier is O(log n), and a map from item to entry for the dedup.
 *
 * <p>Ties are broken by arrival, so items due at the same instant come out in the order they were
 * added. Not thread-safe: {@link DelayingWorkQueue} guards it with its lock.
 */
final class WaitingHeap<T> {

  private static final class Entry<T> {
    final T item;
    long readyAt;
    long seq;
    int index;

    Entry(T item, long readyAt, long seq) {
      this.item = item;
      this.readyAt = readyAt;
      this.seq = seq;
    }
  }

  private final Map<T, Entry<T>> byItem = new HashMap<>();
  private Entry<?>[] heap = new Entry<?>[16];
  private int size;
  private long nextSeq;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /**
   * Schedules {@code item} at {@code readyAt} (a clock reading), or moves it there if it is already
   * waiting for a later time; a later time than the pending one is ignored.
   *
   * @return whether the earliest ready time changed, i.e. the waiting loop must recompute its wait
   */
  boolean schedule(T item, long readyAt) {
    Entry<T> existing = byItem.get(item);
    if (existing != null) {
      if (readyAt - existing.readyAt >= 0) {
        return false;
      }
      existing.readyAt = readyAt;
      siftUp(existing.index);
      return existing.index == 0;
    }
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    Entry<T> entry = new Entry<>(item, readyAt, nextSeq++);
    byItem.put(item, entry);
    entry.index = size;
    heap[size++] = entry;
    siftUp(entry.index);
    return entry.index == 0;
  }

  /** Returns the earliest ready time; the heap must not be empty. */
  long peekReadyAt() {
    return at(0).readyAt;
  }

  /** Removes and returns the earliest item; the heap must not be empty. */
  T poll() {
    Entry<T> first = at(0);
    Entry<T> lastEntry = at(--size);
    heap[size] = null;
    if (size > 0) {
      heap[0] = lastEntry;
      lastEntry.index = 0;
      siftDown(0);
    }
    byItem.remove(first.item);
    return first.item;
  }

  void clear() {
    Arrays.fill(heap, 0, size, null);
    size = 0;
    byItem.clear();
  }

  @SuppressWarnings("unchecked")
  private Entry<T> at(int i) {
    return (Entry<T>) heap[i];
  }

  private static boolean before(Entry<?> a, Entry<?> b) {
    long d = a.readyAt - b.readyAt;
    return d < 0 || (d == 0 && a.seq < b.seq);
  }

  private void siftUp(int i) {
    Entry<T> e = at(i);
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      Entry<T> p = at(parent);
      if (!before(e, p)) {
        break;
      }
      heap[i] = p;
      p.index = i;
      i = parent;
    }
    heap[i] = e;
    e.index = i;
  }

  private void siftDown(int i) {
    Entry<T> e = at(i);
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      Entry<T> c = at(child);
      int right = child + 1;
      if (right < size && before(at(right), c)) {
        child = right;
        c = at(child);
      }
      if (!before(c, e)) {
        break;
      }
      heap[i] = c;
      c.index = i;
      i = child;
    }
    heap[i] = e;
    e.index = i;
  }
}
