package io.kubeloop.apiserver.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a {@link SqliteStorage}, with group commit.
 *
 * <p>Callers queue writes and wait. The writer thread takes everything queued (up to {@link
 * #MAX_BATCH}), applies it in one transaction, commits (one fsync for the whole batch), and only
 * then completes the callers' futures and publishes the events. So an acknowledged write is on
 * disk, and many concurrent writers share each fsync instead of queueing behind one another's.
 *
 * <p>A write whose precondition fails (key exists, revision mismatch) takes no revision and does
 * not affect the others in its batch. If the transaction itself fails, every write in the batch
 * fails with a {@link StorageException} and the revision counter goes back to where it was.
 *
 * <p>Revisions are assigned here, so this must be the only writer of the file (the store holds a
 * lock file to make sure of it).
 */
final class SqliteWriter {

  static final int MAX_BATCH = 1_024;

  /** Revisions compacted per step, so a large compaction does not stall writes for long. */
  static final long COMPACT_STEP = 10_000;

  private final long compactStep;

  private static final Logger log = LoggerFactory.getLogger(SqliteWriter.class);

  private record Pending(SqliteWrite write, CompletableFuture<KeyValue> done) {}

  /** Ends the writer thread; everything queued before it is applied. */
  private static final Pending STOP = new Pending(null, null);

  /** The latest row of a key, as the writer needs it. */
  private record Row(long id, long createRevision, boolean deleted, long lease, byte[] value) {

    KeyValue kv(String key) {
      return new KeyValue(key, value, createRevision, id);
    }
  }

  private final Connection connection;
  private final PreparedStatement latest;
  private final PreparedStatement insert;
  private final PreparedStatement clearLease;
  private final PreparedStatement compactSuperseded;
  private final PreparedStatement compactDeleted;
  private final PreparedStatement saveCompactRevision;
  private final InstantSource clock;
  private final WatchHub hub;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;

  /** The last assigned revision; writer thread only (set before the thread starts). */
  private long revision;

  /** Writer thread only: compaction as committed so far. */
  private long compacted;

  private volatile long committedRevision;
  private volatile long committedCompaction;

  /** Set if the writer thread died of an Error; later writes fail at once instead of hanging. */
  private volatile Error died;

  SqliteWriter(
      Connection connection, InstantSource clock, WatchHub hub, String threadName, long compactStep)
      throws SQLException {
    this.connection = connection;
    this.compactStep = compactStep;
    this.clock = clock;
    this.hub = hub;
    this.latest =
        connection.prepareStatement(
            "SELECT id, create_revision, deleted, lease, value FROM kine"
                + " WHERE name = ? ORDER BY id DESC LIMIT 1");
    this.insert =
        connection.prepareStatement(
            "INSERT INTO kine (id, name, created, deleted, create_revision, prev_revision, lease,"
                + " value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    this.clearLease = connection.prepareStatement("UPDATE kine SET lease = 0 WHERE id = ?");
    // A row is superseded once a later row of its key (whose prev_revision it is) is compacted;
    // deletes are never anyone's prev_revision (creates start at 0), so they go by the flag.
    // Superseded rows first: the delete rows must still be there to name their predecessors.
    this.compactSuperseded =
        connection.prepareStatement(
            "DELETE FROM kine WHERE id IN (SELECT prev_revision FROM kine"
                + " WHERE id > ? AND id <= ? AND prev_revision > 0)");
    this.compactDeleted =
        connection.prepareStatement("DELETE FROM kine WHERE id > ? AND id <= ? AND deleted = 1");
    this.saveCompactRevision =
        connection.prepareStatement(
            "UPDATE kine_meta SET value = ? WHERE name = '" + SqliteSchema.COMPACT_REVISION + "'");
    this.revision = SqliteSchema.lastRevision(connection);
    this.compacted = SqliteSchema.compactRevision(connection);
    connection.commit();
    this.committedRevision = revision;
    this.committedCompaction = compacted;
    this.thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::run);
    thread.start();
  }

  long committedRevision() {
    return committedRevision;
  }

  long compactedRevision() {
    return committedCompaction;
  }

  /**
   * Queues {@code write} for the next batch. The caller must make sure {@link #stop} has not been
   * called yet (the store's lifecycle lock does).
   */
  CompletableFuture<KeyValue> submit(SqliteWrite write) {
    CompletableFuture<KeyValue> done = new CompletableFuture<>();
    queue.add(new Pending(write, done));
    Error error = died;
    if (error != null) {
      // the thread may have died before draining this one: fail it (a no-op if it was failed)
      done.completeExceptionally(new StorageException("storage writer died", error));
    }
    return done;
  }

  /** Waits for a submitted write; rethrows its failure as the storage exception it is. */
  static KeyValue await(CompletableFuture<KeyValue> done) {
    try {
      // join() does not give up on interrupt: an interrupted caller would otherwise not know
      // whether its write happened
      return done.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof StorageException storage) {
        throw storage;
      }
      throw new StorageException("write failed", e.getCause());
    }
  }

  /** Applies everything queued so far, then ends the thread and closes the connection. */
  void stop() {
    queue.add(STOP);
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        break;
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      int stop = batch.indexOf(STOP);
      if (stop >= 0) {
        stopping = true;
        List<Pending> late = batch.subList(stop, batch.size());
        refuse(late);
        late.clear();
      }
      try {
        if (!batch.isEmpty()) {
          apply(batch);
        }
      } catch (Error e) {
        died = e;
        StorageException failure = new StorageException("storage writer died", e);
        for (Pending pending : batch) {
          pending.done().completeExceptionally(failure);
        }
        for (Pending pending : queue) {
          if (pending != STOP) {
            pending.done().completeExceptionally(failure);
          }
        }
        closeConnection();
        throw e;
      }
      batch.clear();
    }
    List<Pending> late = new ArrayList<>();
    queue.drainTo(late);
    refuse(late);
    closeConnection();
  }

  /** Fails writes queued after the stop; the store's lifecycle lock should leave none. */
  private static void refuse(List<Pending> late) {
    for (Pending pending : late) {
      if (pending != STOP) {
        pending.done().completeExceptionally(new StorageException("storage is closed"));
      }
    }
  }

  private void apply(List<Pending> batch) {
    long startRevision = revision;
    long startCompaction = compacted;
    List<Event> events = new ArrayList<>(batch.size());
    Object[] outcomes = new Object[batch.size()];
    try {
      for (int i = 0; i < batch.size(); i++) {
        try {
          outcomes[i] = apply(batch.get(i).write(), events);
        } catch (StorageException e) {
          outcomes[i] = e;
        }
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      rollback();
      revision = startRevision;
      compacted = startCompaction;
      StorageException failure = new StorageException("write failed: " + e.getMessage(), e);
      for (Pending pending : batch) {
        pending.done().completeExceptionally(failure);
      }
      return;
    }
    committedRevision = revision;
    committedCompaction = compacted;
    hub.publish(events);
    for (int i = 0; i < batch.size(); i++) {
      if (outcomes[i] instanceof StorageException failure) {
        batch.get(i).done().completeExceptionally(failure);
      } else {
        batch.get(i).done().complete((KeyValue) outcomes[i]);
      }
    }
  }

  /** Applies one write inside the open transaction; preconditions fail before any change. */
  private KeyValue apply(SqliteWrite write, List<Event> events) throws SQLException {
    return switch (write) {
      case SqliteWrite.Create c -> {
        Row current = latest(c.key());
        if (current != null && !current.deleted()) {
          throw new KeyExistsException(c.key());
        }
        long rev = ++revision;
        insert(rev, c.key(), true, false, rev, 0, deadline(c.ttlSeconds()), c.value());
        KeyValue kv = new KeyValue(c.key(), c.value(), rev, rev);
        events.add(new Event(Event.Type.PUT, kv, null));
        yield kv;
      }
      case SqliteWrite.Update u -> {
        Row current = live(u.key(), u.expectedModRevision());
        long rev = ++revision;
        long create = current.createRevision();
        insert(
            rev, u.key(), false, false, create, current.id(), deadline(u.ttlSeconds()), u.value());
        clearLease(current);
        KeyValue kv = new KeyValue(u.key(), u.value(), create, rev);
        events.add(new Event(Event.Type.PUT, kv, current.kv(u.key())));
        yield kv;
      }
      case SqliteWrite.Delete d -> {
        Row current = live(d.key(), d.expectedModRevision());
        long rev = ++revision;
        long create = current.createRevision();
        insert(rev, d.key(), false, true, create, current.id(), 0, current.value());
        clearLease(current);
        KeyValue before = current.kv(d.key());
        events.add(
            new Event(
                Event.Type.DELETE, new KeyValue(d.key(), current.value(), create, rev), before));
        yield before;
      }
      case SqliteWrite.Compact c -> {
        compactStep(c.revision());
        yield null;
      }
    };
  }

  /** The latest row of {@code key} if it is live and at {@code expected} (0: any). */
  private Row live(String key, long expected) throws SQLException {
    Row current = latest(key);
    if (current == null || current.deleted()) {
      throw new RevisionMismatchException(key, null);
    }
    if (expected != 0 && current.id() != expected) {
      throw new RevisionMismatchException(key, current.kv(key));
    }
    return current;
  }

  private void compactStep(long target) throws SQLException {
    if (target <= compacted) {
      return; // another caller's compaction got here first
    }
    if (target > revision) {
      throw new FutureRevisionException(target, revision);
    }
    long upTo = Math.min(target, compacted + compactStep);
    compactSuperseded.setLong(1, compacted);
    compactSuperseded.setLong(2, upTo);
    compactSuperseded.executeUpdate();
    compactDeleted.setLong(1, compacted);
    compactDeleted.setLong(2, upTo);
    compactDeleted.executeUpdate();
    saveCompactRevision.setLong(1, upTo);
    saveCompactRevision.executeUpdate();
    compacted = upTo;
  }

  private Row latest(String key) throws SQLException {
    latest.setString(1, key);
    try (ResultSet rs = latest.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      return new Row(
          rs.getLong(1), rs.getLong(2), rs.getInt(3) != 0, rs.getLong(4), rs.getBytes(5));
    }
  }

  private void insert(
      long id,
      String key,
      boolean created,
      boolean deleted,
      long createRevision,
      long prevRevision,
      long lease,
      byte[] value)
      throws SQLException {
    insert.setLong(1, id);
    insert.setString(2, key);
    insert.setInt(3, created ? 1 : 0);
    insert.setInt(4, deleted ? 1 : 0);
    insert.setLong(5, createRevision);
    insert.setLong(6, prevRevision);
    insert.setLong(7, lease);
    insert.setBytes(8, value);
    insert.executeUpdate();
  }

  private void clearLease(Row superseded) throws SQLException {
    if (superseded.lease() > 0) {
      clearLease.setLong(1, superseded.id());
      clearLease.executeUpdate();
    }
  }

  private long deadline(long ttlSeconds) {
    return ttlSeconds > 0 ? clock.millis() + ttlSeconds * 1000 : 0;
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      log.warn("rollback failed", e);
    }
  }

  private void closeConnection() {
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("closing the SQLite writer connection failed", e);
    }
  }
}
