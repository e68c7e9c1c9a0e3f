package io.kubeloop.apiserver.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite schema, modelled on kine (the etcd shim K3s runs on SQLite): one append-only table in
 * which every write is a row whose {@code id} is the store revision.
 *
 * <pre>
 * kine(id             revision of the write
 *      name           the key
 *      created        1 if the write created the key
 *      deleted        1 if the write deleted the key (value then repeats the deleted value)
 *      create_revision revision at which the key was created
 *      prev_revision  the key's previous row (0 for a create)
 *      lease          TTL deadline in epoch milliseconds, 0 for none; kept only on a key's
 *                     latest live row (cleared when superseded) so the sweep query stays small.
 *                     kine stores the TTL in seconds here; storing the deadline lets expiry
 *                     survive a restart without extending it
 *      value)         the serialized object
 * kine_meta(name, value)   "compact_revision": history at and below is gone
 * </pre>
 *
 * <p>Durability: WAL journal with {@code synchronous=FULL}, so every commit is fsynced before it
 * returns.
 */
final class SqliteSchema {

  static final String COMPACT_REVISION = "compact_revision";
  private static final int VERSION = 1;

  private SqliteSchema() {}

  /** The connection of the single writer; creates the schema if the file is new. */
  static Connection openWriter(Path file) throws SQLException {
    SQLiteConfig config = baseConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    Connection connection = config.createConnection("jdbc:sqlite:" + file);
    try {
      create(connection);
      connection.setAutoCommit(false);
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  /** A read-only connection; the writer must have been opened first (it sets WAL mode). */
  static Connection openReader(Path file) throws SQLException {
    SQLiteConfig config = baseConfig();
    config.setReadOnly(true);
    Connection connection = config.createConnection("jdbc:sqlite:" + file);
    connection.setAutoCommit(false);
    return connection;
  }

  private static SQLiteConfig baseConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(10_000);
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    // the driver otherwise runs "SELECT last_insert_rowid()" after every INSERT; ids are ours
    config.setGetGeneratedKeys(false);
    return config;
  }

  private static void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      int version;
      try (ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
        version = rs.next() ? rs.getInt(1) : 0;
      }
      if (version == VERSION) {
        return;
      }
      if (version != 0) {
        throw new SQLException(
            String.format("unknown schema version %d (this build knows %d)", version, VERSION));
      }
      statement.executeUpdate(
          """
          CREATE TABLE IF NOT EXISTS kine (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            created INTEGER NOT NULL,
            deleted INTEGER NOT NULL,
            create_revision INTEGER NOT NULL,
            prev_revision INTEGER NOT NULL,
            lease INTEGER NOT NULL,
            value BLOB NOT NULL
          )""");
      statement.executeUpdate("CREATE INDEX IF NOT EXISTS kine_name_id ON kine (name, id)");
      statement.executeUpdate(
          "CREATE INDEX IF NOT EXISTS kine_lease ON kine (lease) WHERE lease > 0");
      statement.executeUpdate(
          "CREATE TABLE IF NOT EXISTS kine_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
      statement.executeUpdate(
          "INSERT OR IGNORE INTO kine_meta (name, value) VALUES ('" + COMPACT_REVISION + "', 0)");
      statement.executeUpdate("PRAGMA user_version = " + VERSION);
    }
  }

  /** The compacted revision as stored. */
  static long compactRevision(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT value FROM kine_meta WHERE name = '" + COMPACT_REVISION + "'")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  /**
   * The revision to continue from: the highest row, or the compacted revision when compaction
   * removed the newest rows (deletes compacted away). Revisions are never reused.
   */
  static long lastRevision(Connection connection) throws SQLException {
    long max;
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT COALESCE(MAX(id), 0) FROM kine")) {
      rs.next();
      max = rs.getLong(1);
    }
    return Math.max(max, compactRevision(connection));
  }
}
