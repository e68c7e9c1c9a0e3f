package io.kubeloop.apiserver.watchcache;

/**
 * A change as a watcher sees it.
 *
 * @param type ADDED, MODIFIED or DELETED; BOOKMARK carries only a revision
 * @param object the object after the change; for DELETED its last state, at the delete's revision;
 *     null for BOOKMARK and INITIAL_EVENTS_END
 * @param previous the object before the change, or null
 * @param revision the revision of the change (the resourceVersion clients see)
 */
public record CacheEvent(Type type, CachedObject object, CachedObject previous, long revision) {

  public enum Type {
    ADDED,
    MODIFIED,
    DELETED,
    BOOKMARK,
    /** After the synthetic ADDED events of a watch that asked for initial events. */
    INITIAL_EVENTS_END
  }

  static CacheEvent bookmark(long revision) {
    return new CacheEvent(Type.BOOKMARK, null, null, revision);
  }
}
