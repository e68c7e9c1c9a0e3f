package io.kubeloop.benchmarks.storage;

import io.kubeloop.apiserver.storage.KeyExistsException;
import io.kubeloop.apiserver.storage.StorageException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB candidate for the embedded store, as far as the create path: the same single writer
 * with group commit as the SQLite backend, writing per create a history row ({@code r} + revision →
 * row) and the key's latest-revision index ({@code k} + key → revision) in one {@link WriteBatch}
 * with a synced WAL write. Ranges, watches from history, compaction and TTL would need the same two
 * keyspaces plus a TTL index, written by hand; that is part of why it was not chosen.
 */
final class RocksCandidate implements CreateTarget {

  static {
    RocksDB.loadLibrary();
  }

  private static final int MAX_BATCH = 1_024;

  /** System property: RocksDB's {@code allow_fallocate} (default true), for tuning runs. */
  static final String ALLOW_FALLOCATE = "rocksdb.allowFallocate";

  /** System property: RocksDB's {@code recycle_log_file_num} (default 0), for tuning runs. */
  static final String RECYCLE_LOG_FILE_NUM = "rocksdb.recycleLogFileNum";

  private record Pending(String key, byte[] value, CompletableFuture<Long> done) {}

  private static final Pending STOP = new Pending(null, null, null);

  private final Options options;
  private final WriteOptions sync;
  private final RocksDB db;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private long revision; // writer thread only, after open

  private RocksCandidate(Options options, RocksDB db) {
    this.options = options;
    this.db = db;
    this.sync = new WriteOptions().setSync(true);
    this.revision = lastRevision(db);
    this.writer = Thread.ofPlatform().name("rocks-candidate-writer").start(this::run);
  }

  static RocksCandidate open(Path dir) {
    try {
      Files.createDirectories(dir);
      Options options =
          new Options()
              .setCreateIfMissing(true)
              .setAllowFAllocate(Boolean.parseBoolean(System.getProperty(ALLOW_FALLOCATE, "true")))
              .setRecycleLogFileNum(Long.getLong(RECYCLE_LOG_FILE_NUM, 0));
      return new RocksCandidate(options, RocksDB.open(options, dir.toString()));
    } catch (Exception e) {
      throw new StorageException("cannot open RocksDB at " + dir, e);
    }
  }

  @Override
  public long create(String key, byte[] value) {
    CompletableFuture<Long> done = new CompletableFuture<>();
    queue.add(new Pending(key, value, done));
    try {
      return done.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof StorageException storage) {
        throw storage;
      }
      throw e;
    }
  }

  @Override
  public long revisionOf(String key) {
    try {
      byte[] rev = db.get(keyIndex(key));
      return rev == null ? -1 : ByteBuffer.wrap(rev).getLong();
    } catch (RocksDBException e) {
      throw new StorageException("read failed", e);
    }
  }

  @Override
  public void close() {
    queue.add(STOP);
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sync.close();
    db.close();
    options.close();
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (true) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      boolean stop = batch.remove(STOP);
      if (!batch.isEmpty()) {
        apply(batch);
      }
      batch.clear();
      if (stop) {
        return;
      }
    }
  }

  private void apply(List<Pending> batch) {
    long start = revision;
    Object[] outcomes = new Object[batch.size()];
    // creates earlier in this batch are not in the database yet
    Map<String, Long> created = new HashMap<>();
    try (WriteBatch write = new WriteBatch()) {
      for (int i = 0; i < batch.size(); i++) {
        Pending p = batch.get(i);
        if (created.containsKey(p.key()) || db.get(keyIndex(p.key())) != null) {
          outcomes[i] = new KeyExistsException(p.key());
          continue;
        }
        long rev = ++revision;
        write.put(revisionKey(rev), row(p.key(), rev, p.value()));
        write.put(keyIndex(p.key()), ByteBuffer.allocate(8).putLong(rev).array());
        created.put(p.key(), rev);
        outcomes[i] = rev;
      }
      db.write(sync, write);
    } catch (RocksDBException e) {
      revision = start;
      for (Pending p : batch) {
        p.done().completeExceptionally(new StorageException("write failed", e));
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      if (outcomes[i] instanceof StorageException failure) {
        batch.get(i).done().completeExceptionally(failure);
      } else {
        batch.get(i).done().complete((Long) outcomes[i]);
      }
    }
  }

  private static long lastRevision(RocksDB db) {
    try (var it = db.newIterator()) {
      it.seekForPrev(revisionKey(Long.MAX_VALUE));
      if (it.isValid() && it.key().length == 9 && it.key()[0] == 'r') {
        return ByteBuffer.wrap(it.key(), 1, 8).getLong();
      }
      return 0;
    }
  }

  private static byte[] revisionKey(long rev) {
    return ByteBuffer.allocate(9).put((byte) 'r').putLong(rev).array();
  }

  private static byte[] keyIndex(String key) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + k.length).put((byte) 'k').put(k).array();
  }

  /** The row as the kine table holds it: flags, create/prev revision, lease, key, value. */
  private static byte[] row(String key, long rev, byte[] value) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(1 + 8 + 8 + 8 + 4 + k.length + value.length)
        .put((byte) 1) // created
        .putLong(rev) // create revision
        .putLong(0) // prev revision
        .putLong(0) // lease
        .putInt(k.length)
        .put(k)
        .put(value)
        .array();
  }
}
