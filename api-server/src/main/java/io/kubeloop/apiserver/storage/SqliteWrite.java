package io.kubeloop.apiserver.storage;

/** A write queued for the SQLite writer thread. */
sealed interface SqliteWrite {

  record Create(String key, byte[] value, long ttlSeconds) implements SqliteWrite {}

  record Update(String key, long expectedModRevision, byte[] value, long ttlSeconds)
      implements SqliteWrite {}

  /** {@code expectedModRevision} 0 deletes whatever is there. */
  record Delete(String key, long expectedModRevision) implements SqliteWrite {}

  /** Compacts a bounded step towards {@code revision}; see {@link SqliteWriter}. */
  record Compact(long revision) implements SqliteWrite {}
}
