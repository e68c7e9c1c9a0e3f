package io.kubeloop.apiserver.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The embedded durable {@link Storage}: one SQLite file with a kine-like schema (see {@link
 * SqliteSchema}), in WAL mode with {@code synchronous=FULL}.
 *
 * <p>A write returns only after its transaction is fsynced, so a write that returned survives a
 * crash or {@code kill -9}. One writer thread applies all writes with group commit (see {@link
 * SqliteWriter}); reads use a small pool of read-only connections, each read in one snapshot.
 * History is kept until {@link #compact}; watches that start in the past read it back from the
 * file, then continue with live events. TTL deadlines are stored with the rows and swept by the
 * store's clock, also after a restart. Revisions continue from the highest one in the file and are
 * never reused.
 *
 * <p>Thread-safe; meant for many concurrent callers on virtual threads. Only one store may have a
 * file open at a time (a lock file beside it enforces that, across processes too).
 */
public final class SqliteStorage implements Storage {

  private static final int READ_CONNECTIONS = 4;

  /** Expired keys handled per sweep query. */
  private static final int SWEEP_PAGE = 1_000;

  private final Path file;
  private final InstantSource clock;
  private final FileChannel lockChannel;
  private final FileLock fileLock;
  private final WatchHub hub;
  private final SqliteWriter writer;
  private final SqliteReader reader;
  private final TtlSweeper sweeper;

  /** Held shared by every call while it uses the store, exclusively by close to end its use. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();

  private boolean closed; // guarded by lifecycle

  private SqliteStorage(
      Path file,
      StorageOptions options,
      FileChannel lockChannel,
      FileLock fileLock,
      Connection writeConnection,
      long compactStep)
      throws SQLException {
    this.file = file;
    this.clock = options.clock();
    this.lockChannel = lockChannel;
    this.fileLock = fileLock;
    long revision = SqliteSchema.lastRevision(writeConnection);
    this.reader = new SqliteReader(file, READ_CONNECTIONS);
    this.hub = new WatchHub("kubeloop-sqlite-watch", revision, this::readHistory);
    try {
      this.writer =
          new SqliteWriter(writeConnection, clock, hub, "kubeloop-sqlite-writer", compactStep);
    } catch (SQLException | RuntimeException e) {
      hub.stop(new StorageException("storage failed to open"));
      reader.close();
      throw e;
    }
    this.sweeper =
        TtlSweeper.start("kubeloop-sqlite-ttl", options.ttlSweepInterval(), this::expireDue);
  }

  /** Opens (creating if needed) the store in {@code file} with default options. */
  public static SqliteStorage open(Path file) {
    return open(file, StorageOptions.defaults());
  }

  /**
   * Opens (creating if needed) the store in {@code file}. SQLite keeps {@code file-wal} and {@code
   * file-shm} beside it, and the store a {@code file.lock}.
   *
   * @throws StorageException if the file cannot be opened or another store has it open
   */
  public static SqliteStorage open(Path file, StorageOptions options) {
    return open(file, options, SqliteWriter.COMPACT_STEP);
  }

  /** As {@link #open(Path, StorageOptions)}, compacting {@code compactStep} revisions per step. */
  static SqliteStorage open(Path file, StorageOptions options, long compactStep) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    Path absolute = file.toAbsolutePath();
    FileChannel lockChannel = null;
    Connection connection = null;
    try {
      Path parent = absolute.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      lockChannel =
          FileChannel.open(
              absolute.resolveSibling(absolute.getFileName() + ".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      FileLock lock = tryLock(lockChannel, absolute);
      connection = SqliteSchema.openWriter(absolute);
      return new SqliteStorage(absolute, options, lockChannel, lock, connection, compactStep);
    } catch (IOException | SQLException | RuntimeException e) {
      closeQuietly(connection);
      closeQuietly(lockChannel);
      if (e instanceof StorageException storage) {
        throw storage;
      }
      throw new StorageException("cannot open storage " + absolute + ": " + e.getMessage(), e);
    }
  }

  private static FileLock tryLock(FileChannel channel, Path file) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new StorageException("storage " + file + " is already open in another store");
    }
    return lock;
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  @Override
  public long currentRevision() {
    return writer.committedRevision();
  }

  @Override
  public long compactedRevision() {
    return writer.compactedRevision();
  }

  @Override
  public KeyValue create(String key, byte[] value, long ttlSeconds) {
    Keys.checkKey(key);
    Objects.requireNonNull(value, "value");
    Keys.checkTtl(ttlSeconds);
    return SqliteWriter.await(submit(new SqliteWrite.Create(key, value, ttlSeconds)));
  }

  @Override
  public KeyValue update(String key, long expectedModRevision, byte[] value, long ttlSeconds) {
    Keys.checkKey(key);
    Objects.requireNonNull(value, "value");
    Keys.checkTtl(ttlSeconds);
    return SqliteWriter.await(
        submit(new SqliteWrite.Update(key, expectedModRevision, value, ttlSeconds)));
  }

  @Override
  public KeyValue delete(String key, long expectedModRevision) {
    Keys.checkKey(key);
    return SqliteWriter.await(submit(new SqliteWrite.Delete(key, expectedModRevision)));
  }

  @Override
  public Optional<KeyValue> get(String key) {
    Keys.checkKey(key);
    return whileOpen(() -> reader.get(key));
  }

  @Override
  public RangeResult range(String prefix, String startAfter, int limit, long revision) {
    Objects.requireNonNull(prefix, "prefix");
    if (limit < 0 || revision < 0) {
      throw new IllegalArgumentException(
          String.format("limit and revision must not be negative, got %d and %d", limit, revision));
    }
    return whileOpen(
        () -> reader.range(prefix, startAfter, limit, revision, writer.committedRevision()));
  }

  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(listener, "listener");
    if (afterRevision < 0) {
      throw new IllegalArgumentException(
          String.format("afterRevision must not be negative, got %d", afterRevision));
    }
    // under the lifecycle lock so that close() cannot stop the dispatcher before the register
    return whileOpen(
        () -> {
          long compacted = writer.compactedRevision();
          if (afterRevision < compacted) {
            throw new CompactedException(afterRevision, compacted);
          }
          return hub.register(prefix, afterRevision, listener);
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Runs in steps of {@value SqliteWriter#COMPACT_STEP} revisions, each its own transaction
   * between other writes, so writes keep flowing during a large compaction.
   */
  @Override
  public void compact(long revision) {
    long current = writer.committedRevision();
    if (revision > current) {
      throw new FutureRevisionException(revision, current);
    }
    long compacted = writer.compactedRevision();
    if (revision <= compacted) {
      throw new CompactedException(revision, compacted);
    }
    while (writer.compactedRevision() < revision) {
      SqliteWriter.await(submit(new SqliteWrite.Compact(revision)));
    }
  }

  /**
   * Deletes every live key whose TTL deadline has passed by the clock, each as an ordinary delete
   * guarded by the expired version's mod revision (a key rewritten meanwhile stays).
   *
   * @return how many keys were deleted; 0 once the store is closed
   */
  int expireDue() {
    int deleted = 0;
    while (true) {
      List<CompletableFuture<KeyValue>> deletes = new ArrayList<>();
      int due;
      Lock read = lifecycle.readLock();
      read.lock();
      try {
        if (closed) {
          return deleted;
        }
        List<SqliteReader.Expired> expired = reader.expired(clock.millis(), SWEEP_PAGE);
        due = expired.size();
        // queued together, so the writer commits them in one batch
        for (SqliteReader.Expired e : expired) {
          deletes.add(writer.submit(new SqliteWrite.Delete(e.key(), e.modRevision())));
        }
      } finally {
        read.unlock();
      }
      for (CompletableFuture<KeyValue> delete : deletes) {
        try {
          SqliteWriter.await(delete);
          deleted++;
        } catch (RevisionMismatchException e) {
          // written or deleted since the query: not ours to expire any more
        }
      }
      if (due < SWEEP_PAGE) {
        return deleted;
      }
    }
  }

  /**
   * Applies every write already accepted, then closes the file. Open watches end with a {@link
   * StorageException}.
   */
  @Override
  public void close() {
    sweeper.close();
    Lock exclusive = lifecycle.writeLock();
    exclusive.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      exclusive.unlock();
    }
    writer.stop();
    hub.stop(new StorageException("storage is closed"));
    reader.close();
    try {
      fileLock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(lockChannel);
  }

  private CompletableFuture<KeyValue> submit(SqliteWrite write) {
    return whileOpen(() -> writer.submit(write));
  }

  private List<Event> readHistory(String prefix, long after, long upTo) {
    return whileOpen(() -> reader.history(prefix, after, upTo));
  }

  private <T> T whileOpen(Supplier<T> action) {
    Lock read = lifecycle.readLock();
    read.lock();
    try {
      if (closed) {
        throw new StorageException("storage is closed");
      }
      return action.get();
    } finally {
      read.unlock();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception ignored) {
      // already failing; the first error is the one to report
    }
  }

  @Override
  public String toString() {
    return "SqliteStorage{" + file + ", revision=" + currentRevision() + "}";
  }
}
