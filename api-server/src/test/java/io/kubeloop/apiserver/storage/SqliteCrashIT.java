package io.kubeloop.apiserver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process in the middle of a write storm (SIGKILL: no shutdown hooks, no flushing) and
 * checks that every write it acknowledged is in the file afterwards.
 */
class SqliteCrashIT {

  private static final int ACKS_BEFORE_KILL = 600;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedWriteSurvivesKill9() throws Exception {
    Path file = dir.resolve("crash.db");
    Path stderr = dir.resolve("writer.err");
    Process writer =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriter.class.getName(),
                file.toString())
            .redirectError(stderr.toFile())
            .start();
    // key -> highest acknowledged revision, and every acknowledged (key, revision)
    Map<String, Long> latest = new LinkedHashMap<>();
    Map<Long, String> acked = new LinkedHashMap<>();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        String[] fields = line.split(" ");
        // a line cut by the kill lacks the final "." and is not counted
        if (fields.length != 4 || !fields[0].equals("ack") || !fields[3].equals(".")) {
          continue;
        }
        long rev = Long.parseLong(fields[2]);
        acked.put(rev, fields[1]);
        latest.merge(fields[1], rev, Math::max);
        if (acked.size() == ACKS_BEFORE_KILL) {
          // SIGKILL on Linux; through the handle, which leaves the pipe open to read the rest
          writer.toHandle().destroyForcibly();
        }
      }
    } finally {
      writer.destroyForcibly();
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acked.size())
        .as("acks before the writer ended; its stderr: %s", Files.readString(stderr))
        .isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
    assertThat(writer.exitValue()).as("killed, not exited").isEqualTo(137);
    long maxAcked = acked.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();

    try (SqliteStorage store = SqliteStorage.open(file, StorageOptions.defaults())) {
      assertThat(store.currentRevision()).isGreaterThanOrEqualTo(maxAcked);
      for (Map.Entry<Long, String> ack : acked.entrySet()) {
        // the write is there at its own revision
        List<KeyValue> at = store.range(ack.getValue(), null, 0, ack.getKey()).kvs();
        assertThat(at)
            .as("acknowledged %s at %d", ack.getValue(), ack.getKey())
            .singleElement()
            .satisfies(kv -> assertThat(kv.modRevision()).isEqualTo(ack.getKey()));
      }
      for (Map.Entry<String, Long> key : latest.entrySet()) {
        assertThat(store.get(key.getKey()).orElseThrow().modRevision())
            .isGreaterThanOrEqualTo(key.getValue());
      }
      long before = store.currentRevision();
      KeyValue next = store.create("/after/crash", new byte[] {1}, 0);
      assertThat(next.modRevision()).isEqualTo(before + 1);
    }
  }
}
