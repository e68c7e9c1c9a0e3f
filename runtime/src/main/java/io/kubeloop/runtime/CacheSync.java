package io.kubeloop.runtime;

import io.kubeloop.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waiting for caches to sync in short slices, so that a manager stopping meanwhile ends the wait.
 */
final class CacheSync {

  /** How a wait ended. */
  enum Outcome {
    SYNCED,
    ABANDONED,
    TIMED_OUT
  }

  /** One slice of waiting: whether the caches synced within {@code slice}. */
  @FunctionalInterface
  interface Check {
    boolean synced(Duration slice) throws InterruptedException;
  }

  private static final Logger log = LoggerFactory.getLogger(CacheSync.class);

  private static final Duration SLICE = Duration.ofMillis(100);

  private CacheSync() {}

  /**
   * Waits until {@code check} reports synced, {@code abandon} turns true (checked between slices),
   * or {@code timeout} has passed.
   */
  static Outcome await(Check check, Duration timeout, BooleanSupplier abandon)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!check.synced(SLICE)) {
      if (abandon.getAsBoolean()) {
        return Outcome.ABANDONED;
      }
      if (System.nanoTime() - deadline > 0) {
        return Outcome.TIMED_OUT;
      }
    }
    return Outcome.SYNCED;
  }

  /**
   * Waits for the informers of a controller added to a running manager.
   *
   * @return whether they synced; false (a timeout logged) when they did not in time, when {@code
   *     abandon} turned true, or when interrupted
   */
  static boolean awaitController(
      String controller,
      List<SharedIndexInformer<?>> informers,
      Duration timeout,
      BooleanSupplier abandon) {
    Outcome outcome;
    try {
      outcome =
          await(
              slice -> {
                for (SharedIndexInformer<?> informer : informers) {
                  if (!informer.waitForSync(slice)) {
                    return false;
                  }
                }
                return true;
              },
              timeout,
              abandon);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    if (outcome == Outcome.TIMED_OUT) {
      log.error(
          "controller {}: caches did not sync within {}: {}; the controller is stopped",
          controller,
          timeout,
          informers.stream()
              .filter(i -> !i.hasSynced())
              .map(SharedIndexInformer::description)
              .toList());
    }
    return outcome == Outcome.SYNCED;
  }
}
