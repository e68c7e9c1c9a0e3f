package io.kubeloop.apiserver.watchcache;

/**
 * The most recent events of a cache, oldest first, in a ring of fixed capacity. Revisions increase
 * along the ring, so the events after a revision are found by binary search: a watcher that catches
 * up after a pause starts where it stopped instead of scanning the whole window.
 *
 * <p>Not thread-safe: the cache guards it with its lock.
 */
final class EventWindow {

  private final CacheEvent[] ring;
  private int head; // index of the oldest event
  private int size;

  EventWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("window capacity must be positive, got " + capacity);
    }
    ring = new CacheEvent[capacity];
  }

  int size() {
    return size;
  }

  /**
   * Appends {@code event}, whose revision is not below the newest one's.
   *
   * @return the event that fell out of the window to make room, or null
   */
  CacheEvent add(CacheEvent event) {
    CacheEvent evicted = null;
    if (size == ring.length) {
      evicted = ring[head];
      ring[head] = event;
      head = (head + 1) % ring.length;
    } else {
      ring[(head + size) % ring.length] = event;
      size++;
    }
    return evicted;
  }

  /** The {@code i}-th event, oldest first. */
  CacheEvent get(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(String.format("index %d, size %d", i, size));
    }
    return ring[(head + i) % ring.length];
  }

  /** Index of the oldest event with a revision above {@code revision}; {@link #size()} if none. */
  int firstAfter(long revision) {
    int low = 0;
    int high = size;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (get(mid).revision() <= revision) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
