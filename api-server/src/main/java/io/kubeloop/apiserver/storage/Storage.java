package io.kubeloop.apiserver.storage;

import java.util.Optional;

/**
 * A revisioned key-value store modelled on etcd v3.
 *
 * <p>One revision counter covers the whole store and increases by one per successful write (create,
 * update or delete). Writes are durable when the method returns (for durable backends: fsynced).
 * All methods are blocking and thread-safe; call them from virtual threads or a worker pool, never
 * from an event loop.
 */
public interface Storage extends AutoCloseable {

  /** The revision of the latest committed write (0 for an empty, new store). */
  long currentRevision();

  /** Revisions at or below this are compacted: no ranges at them, no watches from before them. */
  long compactedRevision();

  /**
   * Creates {@code key} if it is absent.
   *
   * @param ttlSeconds if positive, the key is deleted (with a DELETE event) once this many seconds
   *     have passed since this write; 0 for no expiry
   * @return the stored entry, whose create and mod revision are the new revision
   * @throws KeyExistsException if the key exists
   */
  KeyValue create(String key, byte[] value, long ttlSeconds);

  /**
   * Replaces the value of {@code key} if its mod revision is still {@code expectedModRevision}.
   *
   * @param ttlSeconds as for {@link #create}; a write with 0 clears an earlier expiry
   * @return the stored entry with the new mod revision
   * @throws RevisionMismatchException if the key is absent or was modified since; it carries the
   *     current entry so the caller can retry without another read
   */
  KeyValue update(String key, long expectedModRevision, byte[] value, long ttlSeconds);

  /**
   * Deletes {@code key}.
   *
   * @param expectedModRevision the mod revision the key must still have, or 0 for any
   * @return the entry as it was just before the delete
   * @throws RevisionMismatchException if the key is absent or was modified since
   */
  KeyValue delete(String key, long expectedModRevision);

  /** The latest entry of {@code key}, if present. */
  Optional<KeyValue> get(String key);

  /**
   * Keys starting with {@code prefix}, in key order, as of {@code revision}.
   *
   * @param startAfter return only keys greater than this (a continue token's last key), or null
   * @param limit at most this many entries; 0 for no limit
   * @param revision the revision to read at; 0 for the current one
   * @throws CompactedException if {@code revision} is compacted
   * @throws FutureRevisionException if {@code revision} is newer than the current revision
   */
  RangeResult range(String prefix, String startAfter, int limit, long revision);

  /**
   * Watches keys starting with {@code prefix}: delivers, in revision order and without gaps, every
   * event with a revision greater than {@code afterRevision}, then every later one until closed.
   * The listener is called from a store thread and must not block.
   *
   * @throws CompactedException if events after {@code afterRevision} are no longer kept
   */
  Watch watch(String prefix, long afterRevision, WatchListener listener);

  /** Discards history at and below {@code revision}; the latest state of each key stays. */
  void compact(long revision);

  /** Flushes and releases resources; further calls fail. */
  @Override
  void close();
}
