package io.kubeloop.benchmarks.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Durable creates per second: {@code writers} virtual threads each create distinct keys as fast as
 * the store acknowledges them. Measures after a warm-up, prints a Markdown table.
 *
 * <pre>
 * java -cp ... io.kubeloop.benchmarks.storage.CreateBenchmark \
 *     [--backends sqlite,rocksdb,memory] [--writers 1,16] [--seconds 10] [--warmup 3] \
 *     [--value-bytes 1024] [--dir /tmp]
 * </pre>
 */
public final class CreateBenchmark {

  private CreateBenchmark() {}

  /** One writer's measured latencies, in nanoseconds. */
  private static final class Recorder {
    long[] nanos = new long[1 << 14];
    int count;

    void add(long value) {
      if (count == nanos.length) {
        nanos = Arrays.copyOf(nanos, count * 2);
      }
      nanos[count++] = value;
    }
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    List<String> backends = args.list("backends", "sqlite,rocksdb,memory");
    List<String> writerCounts = args.list("writers", "1,16");
    int seconds = args.integer("seconds", 10);
    int warmup = args.integer("warmup", 3);
    byte[] value = new byte[args.integer("value-bytes", 1024)];
    Arrays.fill(value, (byte) 'x');
    Path base = Path.of(args.string("dir", System.getProperty("java.io.tmpdir")));

    System.out.printf(
        "%d-byte values, %d s warm-up, %d s measured, %d cores, Java %s%n%n",
        value.length,
        warmup,
        seconds,
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());
    System.out.println("| backend | writers | creates/s | mean ms | p50 ms | p99 ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (String name : backends) {
      Backend backend = Backend.parse(name);
      for (String w : writerCounts) {
        int writers = Integer.parseInt(w);
        Path dir = Files.createTempDirectory(base, "kubeloop-bench-");
        try (CreateTarget target = backend.open(dir)) {
          run(backend, target, writers, warmup, seconds, value);
        } finally {
          delete(dir);
        }
      }
    }
  }

  private static void run(
      Backend backend, CreateTarget target, int writers, int warmup, int seconds, byte[] value)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean measuring = new AtomicBoolean();
    Recorder[] recorders = new Recorder[writers];
    Thread[] threads = new Thread[writers];
    for (int w = 0; w < writers; w++) {
      Recorder recorder = recorders[w] = new Recorder();
      int writer = w;
      threads[w] =
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (long n = 0; !stop.get(); n++) {
                      String key = String.format("/registry/bench/w%03d/%010d", writer, n);
                      long start = System.nanoTime();
                      target.create(key, value);
                      if (measuring.get()) {
                        recorder.add(System.nanoTime() - start);
                      }
                    }
                  });
    }
    Thread.sleep(warmup * 1000L);
    measuring.set(true);
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    measuring.set(false);
    long elapsed = System.nanoTime() - start;
    stop.set(true);
    for (Thread thread : threads) {
      thread.join();
    }
    int total = 0;
    for (Recorder r : recorders) {
      total += r.count;
    }
    long[] all = new long[total];
    int at = 0;
    for (Recorder r : recorders) {
      System.arraycopy(r.nanos, 0, all, at, r.count);
      at += r.count;
    }
    Arrays.sort(all);
    double perSecond = total / (elapsed / 1e9);
    double mean = Arrays.stream(all).average().orElse(0) / 1e6;
    System.out.printf(
        "| %s | %d | %,.0f | %.3f | %.3f | %.3f |%n",
        backend.name().toLowerCase(),
        writers,
        perSecond,
        mean,
        percentile(all, 0.50),
        percentile(all, 0.99));
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * p))] / 1e6;
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
