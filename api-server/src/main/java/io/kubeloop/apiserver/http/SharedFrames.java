package io.kubeloop.apiserver.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.kubeloop.apiserver.watchcache.CacheEvent;
import io.kubeloop.apiserver.watchcache.CachedObject;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Watch frames built once per change for all the watchers that see it alike, instead of once per
 * watcher: with a thousand watchers of one resource, a change is encoded once, not a thousand
 * times.
 *
 * <p>A frame is a pure function of the event's type, its object (the cache's immutable {@link
 * io.kubeloop.apiserver.watchcache.CachedObject}, compared by identity) or, for a bookmark, its
 * revision, and the watcher's encoding: the representation (JSON, Table, PartialObjectMetadata),
 * the requested version and the table options. Watchers with equal encodings share a {@link Slot}.
 * Which events a watcher gets at all (its selectors, its resourceVersion, whether it wants
 * bookmarks) is decided before a frame is asked for, so sharing cannot change that; a watcher whose
 * selector turns a change into an ADDED or DELETED asks for a frame of that type, which is kept
 * apart from the MODIFIED one the other watchers share.
 *
 * <p>Thread-safe. The frames are shared: write them, never modify them.
 */
final class SharedFrames {

  // Held weakly: a slot lives as long as a watch that uses it.
  private final Cache<Object, Slot> slots = Caffeine.newBuilder().weakValues().build();

  /** The slot of the watchers whose frames depend on {@code encoding} (compared by equals). */
  Slot slot(Object encoding) {
    return slots.get(encoding, key -> new Slot());
  }

  /** Remembers, per event type, the last frame built in one encoding. */
  static final class Slot {

    private record Last(CachedObject object, long revision, Buffer frame) {}

    private final AtomicReferenceArray<Last> last =
        new AtomicReferenceArray<>(CacheEvent.Type.values().length);

    /**
     * The frame of {@code event}: the last one built for the same type and object (or bookmark
     * revision) if there is one, else {@code encode}'s. The cache sends one change to all its
     * watchers in turn, so the last is nearly always the right one.
     */
    Buffer frame(CacheEvent event, Function<CacheEvent, Buffer> encode) {
      int index = event.type().ordinal();
      Last l = last.get(index);
      if (l != null && l.object() == event.object() && l.revision() == revisionKey(event)) {
        return l.frame();
      }
      Buffer frame = encode.apply(event);
      last.set(index, new Last(event.object(), revisionKey(event), frame));
      return frame;
    }

    /** A bookmark's frame depends on its revision; any other frame on its object alone. */
    private static long revisionKey(CacheEvent event) {
      return event.object() == null ? event.revision() : 0;
    }
  }
}
