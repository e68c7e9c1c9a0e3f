package io.kubeloop.benchmarks.storage;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * kill -9 check of the durable candidates: a child JVM creates keys from many writers and prints
 * each acknowledged key and revision; the parent kills it with SIGKILL after {@code acks} of them,
 * reopens the store and counts acknowledged writes that are missing (must be 0) and checks that the
 * next write gets a higher revision.
 *
 * <pre>
 * java -cp ... io.kubeloop.benchmarks.storage.CrashCheck \
 *     [--backends sqlite,rocksdb] [--rounds 5] [--acks 3000] [--writers 16] [--dir /tmp]
 * </pre>
 */
public final class CrashCheck {

  private CrashCheck() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    if (args.string("child", null) != null) {
      child(Backend.parse(args.string("child", null)), Path.of(args.string("dir", null)), args);
      return;
    }
    int rounds = args.integer("rounds", 5);
    int acks = args.integer("acks", 3000);
    int writers = args.integer("writers", 16);
    Path base = Path.of(args.string("dir", System.getProperty("java.io.tmpdir")));
    System.out.println(
        "| backend | round | acknowledged before kill | missing after reopen | revision after |");
    System.out.println("|---|---:|---:|---:|---|");
    for (String name : args.list("backends", "sqlite,rocksdb")) {
      Backend backend = Backend.parse(name);
      for (int round = 1; round <= rounds; round++) {
        Path dir = Files.createTempDirectory(base, "kubeloop-crash-");
        try {
          round(backend, dir, round, acks, writers);
        } finally {
          CreateBenchmark.delete(dir);
        }
      }
    }
  }

  private static void round(Backend backend, Path dir, int round, int acks, int writers)
      throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CrashCheck.class.getName(),
                "--child",
                backend.name(),
                "--dir",
                dir.toString(),
                "--writers",
                Integer.toString(writers))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    Map<String, Long> acked = new LinkedHashMap<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        String[] f = line.split(" ");
        if (f.length == 4 && f[0].equals("ack") && f[3].equals(".")) {
          acked.put(f[1], Long.parseLong(f[2]));
          if (acked.size() == acks) {
            child.toHandle().destroyForcibly(); // SIGKILL; the pipe stays open for the rest
          }
        }
      }
    } finally {
      child.toHandle().destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    long maxAcked = acked.values().stream().mapToLong(Long::longValue).max().orElse(0);
    int missing = 0;
    long next;
    try (CreateTarget target = backend.open(dir)) {
      for (Map.Entry<String, Long> ack : acked.entrySet()) {
        if (target.revisionOf(ack.getKey()) != ack.getValue()) {
          missing++;
        }
      }
      next = target.create("/after/crash", new byte[] {1});
    }
    System.out.printf(
        "| %s | %d | %d | %d | %d (max acknowledged %d)%s |%n",
        backend.name().toLowerCase(),
        round,
        acked.size(),
        missing,
        next,
        maxAcked,
        next > maxAcked ? "" : " REUSED");
  }

  private static void child(Backend backend, Path dir, Args args) throws Exception {
    int writers = args.integer("writers", 16);
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    ReentrantLock printing = new ReentrantLock();
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    byte[] value = new byte[1024];
    try (CreateTarget target = backend.open(dir)) {
      Thread[] threads = new Thread[writers];
      for (int w = 0; w < writers; w++) {
        int writer = w;
        threads[w] =
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (long n = 0; System.nanoTime() < deadline; n++) {
                        String key = String.format("/crash/w%03d/%010d", writer, n);
                        long rev = target.create(key, value);
                        printing.lock();
                        try {
                          out.println("ack " + key + " " + rev + " .");
                          out.flush();
                        } finally {
                          printing.unlock();
                        }
                      }
                    });
      }
      for (Thread thread : threads) {
        thread.join();
      }
    }
  }
}
