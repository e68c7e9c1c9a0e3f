package io.kubeloop.apiserver.storage;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a store's expiry sweep on its own daemon thread at a fixed delay. The sweep itself decides
 * what is due by the store's clock; this thread only gives it a chance to run.
 */
final class TtlSweeper implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TtlSweeper.class);

  private final ScheduledExecutorService executor;

  private TtlSweeper(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  /** Starts sweeping every {@code interval}; a zero interval starts nothing. */
  static TtlSweeper start(String name, Duration interval, Runnable sweep) {
    if (interval.isZero()) {
      return new TtlSweeper(null);
    }
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, name);
              thread.setDaemon(true);
              return thread;
            });
    long nanos = interval.toNanos();
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            sweep.run();
          } catch (RuntimeException e) {
            // a closed store or a transient I/O failure: the next round tries again
            log.warn("TTL sweep failed", e);
          }
        },
        nanos,
        nanos,
        TimeUnit.NANOSECONDS);
    return new TtlSweeper(executor);
  }

  /** Stops the thread and waits for a running sweep to end. */
  @Override
  public void close() {
    if (executor == null) {
      return;
    }
    executor.shutdownNow();
    boolean interrupted = false;
    while (true) {
      try {
        if (executor.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
