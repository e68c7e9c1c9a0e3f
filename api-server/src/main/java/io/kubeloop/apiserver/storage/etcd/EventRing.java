package io.kubeloop.apiserver.storage.etcd;

import io.kubeloop.apiserver.storage.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The store's most recent events, oldest first, bounded by count and by value bytes.
 *
 * <p>Invariant: every event of the store's namespace with a revision in {@code (floor, newest]} is
 * here. Evicting drops whole revisions (a transaction's events go together), so the floor is always
 * a revision boundary. Not thread-safe: the watch dispatcher thread owns it.
 */
final class EventRing {

  private final int maxEvents;
  private final long maxBytes;
  private final ArrayDeque<Event> events = new ArrayDeque<>();
  private long bytes;
  private long floor;

  EventRing(int maxEvents, long maxBytes, long floor) {
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
    this.floor = floor;
  }

  /** Revisions above this are complete here. */
  long floor() {
    return floor;
  }

  /** Forgets everything; events after {@code revision} will follow. */
  void reset(long revision) {
    events.clear();
    bytes = 0;
    floor = revision;
  }

  /** Appends events in revision order, then evicts the oldest revisions beyond the bounds. */
  void add(List<Event> batch) {
    for (Event event : batch) {
      events.addLast(event);
      bytes += size(event);
    }
    while (!events.isEmpty() && (events.size() > maxEvents || bytes > maxBytes)) {
      long revision = events.peekFirst().revision();
      while (!events.isEmpty() && events.peekFirst().revision() == revision) {
        bytes -= size(events.removeFirst());
      }
      floor = revision;
    }
  }

  /** The events after {@code after} whose key starts with {@code prefix}; needs after >= floor. */
  List<Event> after(long after, String prefix) {
    if (after < floor) {
      throw new IllegalArgumentException(
          String.format("events after %d are not all kept (floor %d)", after, floor));
    }
    List<Event> result = new ArrayList<>();
    var it = events.descendingIterator();
    // newest first until the start: catch-ups usually start close to the head
    ArrayDeque<Event> reversed = new ArrayDeque<>();
    while (it.hasNext()) {
      Event e = it.next();
      if (e.revision() <= after) {
        break;
      }
      if (e.kv().key().startsWith(prefix)) {
        reversed.addFirst(e);
      }
    }
    result.addAll(reversed);
    return result;
  }

  private static long size(Event e) {
    long size = e.kv().value().length + e.kv().key().length() + 64L;
    if (e.prevKv() != null) {
      size += e.prevKv().value().length;
    }
    return size;
  }
}
