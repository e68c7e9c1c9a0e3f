package io.kubeloop.apiserver.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side of a {@link SqliteStorage}: a small pool of read-only connections and the queries.
 *
 * <p>Each read borrows a connection and runs in one read transaction, so everything it looks at
 * (the compacted revision and the rows) comes from one snapshot even while the writer commits and
 * compacts. Reads at a revision use only rows with {@code id <= revision}, so a snapshot that has
 * newer rows still answers exactly for the revision asked.
 *
 * <p>Thread-safe; a caller blocks while all connections are busy. The owner must not call {@link
 * #close} while reads run.
 */
final class SqliteReader {

  private static final Logger log = LoggerFactory.getLogger(SqliteReader.class);

  /** A TTL-expired row: the key's latest live version. */
  record Expired(String key, long modRevision) {}

  @FunctionalInterface
  private interface Query<T> {
    T run(Session session) throws SQLException;
  }

  /** A pooled connection with its prepared statements. */
  private static final class Session {
    final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    Session(Connection connection) {
      this.connection = connection;
    }

    PreparedStatement prepare(String sql) throws SQLException {
      PreparedStatement statement = statements.get(sql);
      if (statement == null) {
        statement = connection.prepareStatement(sql);
        statements.put(sql, statement);
      }
      return statement;
    }
  }

  private final ArrayBlockingQueue<Session> idle;
  private final List<Session> all = new ArrayList<>();

  SqliteReader(Path file, int connections) throws SQLException {
    idle = new ArrayBlockingQueue<>(connections);
    try {
      for (int i = 0; i < connections; i++) {
        Session session = new Session(SqliteSchema.openReader(file));
        all.add(session);
        idle.add(session);
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
  }

  Optional<KeyValue> get(String key) {
    return read(
        session -> {
          PreparedStatement latest =
              session.prepare(
                  "SELECT create_revision, id, deleted, value FROM kine"
                      + " WHERE name = ? ORDER BY id DESC LIMIT 1");
          latest.setString(1, key);
          try (ResultSet rs = latest.executeQuery()) {
            if (!rs.next() || rs.getInt(3) != 0) {
              return Optional.empty();
            }
            return Optional.of(new KeyValue(key, rs.getBytes(4), rs.getLong(1), rs.getLong(2)));
          }
        });
  }

  /**
   * A range page; {@code current} is the store's committed revision when the call started.
   *
   * @see Storage#range
   */
  RangeResult range(String prefix, String startAfter, int limit, long requested, long current) {
    if (requested > current) {
      throw new FutureRevisionException(requested, current);
    }
    boolean after = Keys.startsAfterPrefix(prefix, startAfter);
    String end = Keys.prefixEnd(prefix);
    // the latest row of each key in range as of the revision; deleted keys are then dropped
    String latest =
        "SELECT MAX(id) AS id FROM kine WHERE "
            + (after ? "name > ?" : "name >= ?")
            + (end != null ? " AND name < ?" : "")
            + " AND id <= ? GROUP BY name";
    String from = " FROM kine kv JOIN (" + latest + ") m ON kv.id = m.id WHERE kv.deleted = 0";
    return read(
        session -> {
          long compacted = compactRevision(session);
          if (requested != 0 && requested <= compacted) {
            throw new CompactedException(requested, compacted);
          }
          long at = requested == 0 ? current : requested;
          PreparedStatement page =
              session.prepare(
                  "SELECT kv.name, kv.value, kv.create_revision, kv.id"
                      + from
                      + " ORDER BY kv.name"
                      + (limit > 0 ? " LIMIT ?" : ""));
          int next = bind(page, after ? startAfter : prefix, end, at);
          if (limit > 0) {
            page.setInt(next, limit);
          }
          List<KeyValue> kvs = new ArrayList<>();
          try (ResultSet rs = page.executeQuery()) {
            while (rs.next()) {
              kvs.add(new KeyValue(rs.getString(1), rs.getBytes(2), rs.getLong(3), rs.getLong(4)));
            }
          }
          long remaining = 0;
          if (limit > 0 && kvs.size() == limit) {
            PreparedStatement count = session.prepare("SELECT COUNT(*)" + from);
            bind(count, after ? startAfter : prefix, end, at);
            try (ResultSet rs = count.executeQuery()) {
              rs.next();
              remaining = rs.getLong(1) - kvs.size();
            }
          }
          return new RangeResult(List.copyOf(kvs), at, remaining);
        });
  }

  /** Events with revision in {@code (after, upTo]} under {@code prefix}; see HistoryReader. */
  List<Event> history(String prefix, long after, long upTo) {
    return read(
        session -> {
          long compacted = compactRevision(session);
          if (after < compacted) {
            throw new CompactedException(after, compacted);
          }
          PreparedStatement rows =
              session.prepare(
                  "SELECT kv.id, kv.name, kv.deleted, kv.create_revision, kv.prev_revision,"
                      + " kv.value, p.create_revision, p.value"
                      + " FROM kine kv LEFT JOIN kine p ON p.id = kv.prev_revision"
                      + " WHERE kv.id > ? AND kv.id <= ? ORDER BY kv.id");
          rows.setLong(1, after);
          rows.setLong(2, upTo);
          List<Event> events = new ArrayList<>();
          try (ResultSet rs = rows.executeQuery()) {
            while (rs.next()) {
              String key = rs.getString(2);
              if (!key.startsWith(prefix)) {
                continue;
              }
              KeyValue kv = new KeyValue(key, rs.getBytes(6), rs.getLong(4), rs.getLong(1));
              long prevRevision = rs.getLong(5);
              KeyValue prev =
                  prevRevision == 0
                      ? null
                      : new KeyValue(key, rs.getBytes(8), rs.getLong(7), prevRevision);
              Event.Type type = rs.getInt(3) != 0 ? Event.Type.DELETE : Event.Type.PUT;
              events.add(new Event(type, kv, prev));
            }
          }
          return events;
        });
  }

  /** Up to {@code max} live keys whose TTL deadline is at or before {@code nowMillis}. */
  List<Expired> expired(long nowMillis, int max) {
    return read(
        session -> {
          PreparedStatement due =
              session.prepare(
                  "SELECT name, id FROM kine WHERE lease > 0 AND lease <= ? ORDER BY lease LIMIT ?");
          due.setLong(1, nowMillis);
          due.setInt(2, max);
          List<Expired> expired = new ArrayList<>();
          try (ResultSet rs = due.executeQuery()) {
            while (rs.next()) {
              expired.add(new Expired(rs.getString(1), rs.getLong(2)));
            }
          }
          return expired;
        });
  }

  void close() {
    for (Session session : all) {
      try {
        session.connection.close();
      } catch (SQLException e) {
        log.warn("closing a SQLite read connection failed", e);
      }
    }
  }

  private static long compactRevision(Session session) throws SQLException {
    PreparedStatement compact =
        session.prepare(
            "SELECT value FROM kine_meta WHERE name = '" + SqliteSchema.COMPACT_REVISION + "'");
    try (ResultSet rs = compact.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /** Binds the range bounds; returns the next parameter index. */
  private static int bind(PreparedStatement statement, String lower, String end, long at)
      throws SQLException {
    int index = 1;
    statement.setString(index++, lower);
    if (end != null) {
      statement.setString(index++, end);
    }
    statement.setLong(index++, at);
    return index;
  }

  private <T> T read(Query<T> query) {
    Session session;
    try {
      session = idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting for a read connection", e);
    }
    try {
      return query.run(session);
    } catch (SQLException e) {
      throw new StorageException("read failed: " + e.getMessage(), e);
    } finally {
      try {
        // ends the read transaction, so the next read sees a fresh snapshot
        session.connection.rollback();
      } catch (SQLException e) {
        log.warn("ending a SQLite read transaction failed", e);
      }
      idle.add(session);
    }
  }
}
