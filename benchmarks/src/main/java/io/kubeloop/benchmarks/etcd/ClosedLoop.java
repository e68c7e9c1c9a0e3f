package io.kubeloop.benchmarks.etcd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Threads that each send their next request when the previous one is answered, for a warm-up and
 * then a measured period; latencies of the measured requests only.
 */
final class ClosedLoop {

  /** One request; {@code index} counts the calling thread's requests. */
  @FunctionalInterface
  interface Op {
    void call(int thread, int index) throws Exception;
  }

  /**
   * What a run measured; CPU is nanoseconds over the measured period, of this JVM (clients and
   * in-process servers) and of its child processes (the etcd members).
   */
  record Result(
      int ops,
      int errors,
      double seconds,
      long[] latencies,
      String firstError,
      long jvmCpuNanos,
      long childCpuNanos) {
    double perSecond() {
      return ops / seconds;
    }

    double jvmCpuMicrosPerOp() {
      return jvmCpuNanos / 1e3 / ops;
    }

    double childCpuMicrosPerOp() {
      return childCpuNanos / 1e3 / ops;
    }

    /** The {@code q} quantile of the latencies, in milliseconds. */
    double millis(double q) {
      if (latencies.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.min(latencies.length - 1, Math.floor(q * latencies.length));
      return latencies[i] / 1e6;
    }
  }

  private ClosedLoop() {}

  static Result run(int threads, Duration warmup, Duration measure, Op op)
      throws InterruptedException {
    AtomicBoolean recording = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger ops = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<long[]> perThread = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long[][] samples = {new long[1 << 16]};
      int[] n = {0};
      int thread = t;
      running.add(
          Thread.ofPlatform()
              .name("bench-" + t)
              .start(
                  () -> {
                    for (int i = 0; !stop.get(); i++) {
                      long begin = System.nanoTime();
                      boolean ok;
                      try {
                        op.call(thread, i);
                        ok = true;
                      } catch (Exception e) {
                        ok = false;
                        firstError.compareAndSet(null, e.toString());
                      }
                      if (recording.get()) {
                        if (ok) {
                          ops.incrementAndGet();
                          if (n[0] == samples[0].length) {
                            samples[0] = Arrays.copyOf(samples[0], n[0] * 2);
                          }
                          samples[0][n[0]++] = System.nanoTime() - begin;
                        } else {
                          errors.incrementAndGet();
                        }
                      }
                    }
                    synchronized (perThread) {
                      perThread.add(Arrays.copyOf(samples[0], n[0]));
                    }
                  }));
    }
    Thread.sleep(warmup);
    long start = System.nanoTime();
    long jvm = jvmCpuNanos();
    long children = childCpuNanos();
    recording.set(true);
    Thread.sleep(measure);
    recording.set(false);
    double seconds = (System.nanoTime() - start) / 1e9;
    jvm = jvmCpuNanos() - jvm;
    children = childCpuNanos() - children;
    stop.set(true);
    for (Thread t : running) {
      t.join();
    }
    long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return new Result(ops.get(), errors.get(), seconds, all, firstError.get(), jvm, children);
  }

  static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** CPU time of this JVM's child processes that are still running. */
  static long childCpuNanos() {
    return ProcessHandle.current()
        .children()
        .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
        .sum();
  }
}
