package io.kubeloop.benchmarks.apiserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Client threads that call one blocking operation in a closed loop (each thread sends its next
 * request when the previous one is answered), with per-request latencies. A failed request counts
 * as an error and the thread carries on.
 */
final class Workers {

  /** One request; {@code index} is the request's number within the run (0, 1, 2, ...). */
  @FunctionalInterface
  interface Op {
    void call(int thread, int index) throws Exception;
  }

  /**
   * What a run measured: completed requests, failures, wall time, latencies in nanoseconds, and the
   * CPU time this process used meanwhile (server and client, when both run here).
   */
  record Result(
      int ops, int errors, long elapsedNanos, Samples latencies, String firstError, long cpuNanos) {
    double perSecond() {
      return ops / (elapsedNanos / 1e9);
    }

    /** Process CPU microseconds per completed request. */
    double cpuMicrosPerOp() {
      return ops == 0 ? Double.NaN : cpuNanos / 1e3 / ops;
    }
  }

  private Workers() {}

  /**
   * Runs requests numbered 0 to {@code count - 1} on {@code threads} threads, stopping early after
   * {@code limit}.
   */
  static Result count(int threads, int count, Duration limit, Op op) throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    long deadline = System.nanoTime() + limit.toNanos();
    return run(
        threads,
        () -> {
          int i = next.getAndIncrement();
          return i < count && System.nanoTime() < deadline ? i : -1;
        },
        op,
        new AtomicBoolean(true));
  }

  /** Runs requests for {@code warmup} (not recorded), then for {@code measure} (recorded). */
  static Result timed(int threads, Duration warmup, Duration measure, Op op)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean recording = new AtomicBoolean();
    AtomicLong measuredNanos = new AtomicLong();
    AtomicLong measuredCpu = new AtomicLong();
    Thread timer =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try {
                    Thread.sleep(warmup);
                    long start = System.nanoTime();
                    long cpu = processCpuNanos();
                    recording.set(true);
                    Thread.sleep(measure);
                    recording.set(false);
                    measuredNanos.set(System.nanoTime() - start);
                    measuredCpu.set(processCpuNanos() - cpu);
                    stop.set(true);
                  } catch (InterruptedException e) {
                    stop.set(true);
                  }
                });
    Result all = run(threads, () -> stop.get() ? -1 : next.getAndIncrement(), op, recording);
    timer.join();
    return new Result(
        all.ops(),
        all.errors(),
        measuredNanos.get(),
        all.latencies(),
        all.firstError(),
        measuredCpu.get());
  }

  private interface Dealer {
    /** The next request's number, or -1 to stop. */
    int next();
  }

  private static Result run(int threads, Dealer dealer, Op op, AtomicBoolean recording)
      throws InterruptedException {
    AtomicInteger ops = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    List<Samples> latencies = new ArrayList<>();
    List<Thread> running = new ArrayList<>();
    long start = System.nanoTime();
    long cpu = processCpuNanos();
    for (int t = 0; t < threads; t++) {
      Samples samples = new Samples();
      latencies.add(samples);
      int thread = t;
      running.add(
          Thread.ofPlatform()
              .name("client-" + t)
              .start(
                  () -> {
                    for (int i = dealer.next(); i >= 0; i = dealer.next()) {
                      long begin = System.nanoTime();
                      boolean ok;
                      try {
                        op.call(thread, i);
                        ok = true;
                      } catch (Exception e) {
                        ok = false;
                        firstError.compareAndSet(null, e.toString());
                      }
                      long took = System.nanoTime() - begin;
                      if (recording.get()) {
                        if (ok) {
                          ops.incrementAndGet();
                          samples.add(took);
                        } else {
                          errors.incrementAndGet();
                        }
                      }
                    }
                  }));
    }
    for (Thread t : running) {
      t.join();
    }
    return new Result(
        ops.get(),
        errors.get(),
        System.nanoTime() - start,
        Samples.merge(latencies),
        firstError.get(),
        processCpuNanos() - cpu);
  }

  /** CPU time of this whole process (every thread, GC and JIT included). */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
