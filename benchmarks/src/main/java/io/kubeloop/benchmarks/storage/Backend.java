package io.kubeloop.benchmarks.storage;

import io.kubeloop.apiserver.storage.KeyValue;
import io.kubeloop.apiserver.storage.MemoryStorage;
import io.kubeloop.apiserver.storage.SqliteStorage;
import io.kubeloop.apiserver.storage.Storage;
import java.nio.file.Path;
import java.util.Locale;

/** The stores compared. */
enum Backend {
  /** The embedded durable backend kubeloop ships. */
  SQLITE {
    @Override
    CreateTarget open(Path dir) {
      return of(SqliteStorage.open(dir.resolve("kubeloop.db")));
    }
  },
  /** The candidate not chosen: RocksDB with a synced WAL, same group commit. */
  ROCKSDB {
    @Override
    CreateTarget open(Path dir) {
      return RocksCandidate.open(dir.resolve("rocksdb"));
    }
  },
  /** Reference: no disk at all. */
  MEMORY {
    @Override
    CreateTarget open(Path dir) {
      return of(MemoryStorage.create());
    }
  };

  abstract CreateTarget open(Path dir);

  static Backend parse(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  private static CreateTarget of(Storage storage) {
    return new CreateTarget() {
      @Override
      public long create(String key, byte[] value) {
        return storage.create(key, value, 0).modRevision();
      }

      @Override
      public long revisionOf(String key) {
        return storage.get(key).map(KeyValue::modRevision).orElse(-1L);
      }

      @Override
      public void close() {
        storage.close();
      }
    };
  }
}
