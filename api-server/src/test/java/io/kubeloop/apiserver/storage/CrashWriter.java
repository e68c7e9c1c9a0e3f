package io.kubeloop.apiserver.storage;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The victim of {@link SqliteCrashIT}, run in its own JVM: concurrent writers create keys and
 * update each a few times, printing {@code ack <key> <revision> .} for every write the store has
 * acknowledged, until the process is killed (or a minute passes, so it never outlives a test).
 */
final class CrashWriter {

  static final int WRITERS = 8;
  static final int UPDATES_PER_KEY = 3;

  private CrashWriter() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    ReentrantLock printing = new ReentrantLock();
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    SqliteStorage store = SqliteStorage.open(file, StorageOptions.defaults());
    Thread[] threads = new Thread[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      threads[w] =
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int n = 0; System.nanoTime() < deadline; n++) {
                      String key = String.format("/crash/w%02d/%06d", writer, n);
                      byte[] value = ("v0 " + key).getBytes(StandardCharsets.UTF_8);
                      long rev = store.create(key, value, 0).modRevision();
                      ack(out, printing, key, rev);
                      for (int u = 1; u <= UPDATES_PER_KEY; u++) {
                        value = ("v" + u + " " + key).getBytes(StandardCharsets.UTF_8);
                        rev = store.update(key, rev, value, 0).modRevision();
                        ack(out, printing, key, rev);
                      }
                    }
                  });
    }
    for (Thread thread : threads) {
      thread.join();
    }
    store.close();
  }

  private static void ack(PrintStream out, ReentrantLock printing, String key, long rev) {
    printing.lock();
    try {
      out.println("ack " + key + " " + rev + " .");
      out.flush();
    } finally {
      printing.unlock();
    }
  }
}
