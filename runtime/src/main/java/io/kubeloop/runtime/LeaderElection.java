package io.kubeloop.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One manager's part in a leader election: Fabric8's {@link LeaderElector} on a {@link
 * GuardedLeaseLock}, with client-go's guarantees made explicit.
 *
 * <ul>
 *   <li>{@code onStarted} runs once when this manager becomes leader; {@code onLost} at most once
 *       when it stops leading without being asked to (renewal failed, someone else took the lease).
 *       Both run on one callback thread, in order, never on the elector's threads (which hold the
 *       elector's monitor while they call back).
 *   <li>A watchdog declares the lease lost when this identity has not written it for {@code
 *       renewDeadline}, even if a renewal request hangs (Fabric8 checks the deadline only between
 *       requests, which may take the client's request timeout).
 *   <li>Once lost, the lease is never written again by this process (no late renewal, no release
 *       while workers may still run); the lease expires and a standby takes it.
 *   <li>{@link #stop(boolean)} with {@code release} frees the lease (holder {@code ""}) before it
 *       returns, so a standby takes over within its retry period.
 * </ul>
 *
 * <p>Fabric8's elector measures time with the system clock (lease timestamps are wall-clock times
 * compared across processes), so this class does too. Thread-safe.
 */
final class LeaderElection {

  private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

  private final KubernetesClient client;
  private final LeaderElectionOptions options;
  private final String namespace;
  private final Runnable onStarted;
  private final Runnable onLost;
  private final GuardedLeaseLock lock;

  /** Runs Fabric8's acquire and renew attempts; one virtual thread each. */
  private final ExecutorService electorExecutor = Executors.newVirtualThreadPerTaskExecutor();

  /** Runs our callbacks one at a time, in order. */
  private final ExecutorService callbacks =
      Executors.newSingleThreadExecutor(
          Thread.ofVirtual().name("leader-election-callbacks").factory());

  private final AtomicBoolean leader = new AtomicBoolean();
  private final AtomicBoolean everLeader = new AtomicBoolean();
  private final AtomicBoolean lost = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();

  /** Orders {@link #start()} and {@link #stop}; the elector's callbacks never take it. */
  private final ReentrantLock lifecycle = new ReentrantLock();

  private volatile CompletableFuture<?> election;
  private volatile Thread watchdog;

  LeaderElection(
      KubernetesClient client,
      LeaderElectionOptions options,
      String namespace,
      Runnable onStarted,
      Runnable onLost) {
    this.client = client;
    this.options = options;
    this.namespace = namespace;
    this.onStarted = onStarted;
    this.onLost = onLost;
    this.lock = new GuardedLeaseLock(namespace, options.leaseName(), options.identity());
  }

  /** Starts campaigning; returns at once. Does nothing after {@link #stop}. */
  void start() {
    lifecycle.lock();
    try {
      if (stopping.get() || election != null) {
        return;
      }
      campaign();
    } finally {
      lifecycle.unlock();
    }
  }

  /** Caller holds {@link #lifecycle}. */
  private void campaign() {
    LeaderElector elector =
        new LeaderElector(
            client,
            new LeaderElectionConfigBuilder()
                .withName(options.leaseName())
                .withLock(lock)
                .withLeaseDuration(options.leaseDuration())
                .withRenewDeadline(options.renewDeadline())
                .withRetryPeriod(options.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(
                    new LeaderCallbacks(
                        this::startedLeading, this::stoppedLeading, this::newLeader))
                .build(),
            electorExecutor);
    log.info(
        "campaigning for lease {}/{} as {}", namespace, options.leaseName(), options.identity());
    CompletableFuture<?> future = elector.start();
    election = future;
    // the future ends when renewing failed (or when cancelled by stop)
    future.whenComplete(
        (v, t) -> {
          if (t != null && !(t instanceof CancellationException)) {
            lostLeadership("leader election failed: " + t);
          } else {
            lostLeadership("lease renewal ended");
          }
        });
    watchdog = Thread.ofVirtual().name("leader-election-watchdog").start(this::watchRenewals);
  }

  /** Whether this manager holds the lease and has not lost it. */
  boolean isLeader() {
    return leader.get();
  }

  String identity() {
    return options.identity();
  }

  /**
   * Stops campaigning. With {@code release}, a lease this manager holds is freed before this
   * returns; call it only once the work the lease guards has stopped. Without, the lease is left to
   * expire. Idempotent.
   */
  void stop(boolean release) {
    CompletableFuture<?> future;
    lifecycle.lock();
    try {
      if (!stopping.compareAndSet(false, true)) {
        return;
      }
      future = election;
    } finally {
      lifecycle.unlock();
    }
    if (release && !lost.get()) {
      lock.allowRelease();
    } else {
      lock.abandon();
    }
    Thread w = watchdog;
    if (w != null) {
      w.interrupt();
    }
    if (future != null) {
      // Fabric8 stops its loops and, when leading, releases through the lock, in this thread
      future.cancel(true);
    }
    lock.abandon();
    leader.set(false);
    electorExecutor.shutdownNow();
    callbacks.shutdown();
  }

  private void startedLeading() {
    if (stopping.get() || lost.get()) {
      return;
    }
    if (leader.compareAndSet(false, true)) {
      everLeader.set(true);
      log.info("became leader of lease {}/{} as {}", namespace, options.leaseName(), identity());
      dispatch(onStarted);
    }
  }

  private void stoppedLeading() {
    if (stopping.get()) {
      leader.set(false);
      return;
    }
    lostLeadership("another candidate holds the lease, or renewing it failed");
  }

  private void newLeader(String identity) {
    log.debug(
        "lease {}/{} now held by '{}'",
        namespace,
        options.leaseName(),
        identity == null ? "" : identity);
  }

  private void lostLeadership(String reason) {
    if (stopping.get() || !everLeader.get() || !lost.compareAndSet(false, true)) {
      return;
    }
    // never write the lease again: our workers may still be winding down
    lock.abandon();
    leader.set(false);
    log.error(
        "lost leadership of lease {}/{} as {}: {}",
        namespace,
        options.leaseName(),
        identity(),
        reason);
    dispatch(onLost);
    // stop Fabric8's loops off this thread: cancelling may wait for a renewal in flight
    CompletableFuture<?> future = election;
    if (future != null) {
      Thread.ofVirtual().name("leader-election-cancel").start(() -> future.cancel(true));
    }
  }

  private void watchRenewals() {
    long deadline = options.renewDeadline().toNanos();
    try {
      while (!stopping.get() && !lost.get()) {
        Thread.sleep(options.retryPeriod());
        long last = lock.lastRenewNanos();
        if (leader.get() && last != 0 && System.nanoTime() - last > deadline) {
          lostLeadership("not renewed for " + options.renewDeadline());
        }
      }
    } catch (InterruptedException e) {
      // stopped
    }
  }

  private void dispatch(Runnable callback) {
    try {
      callbacks.execute(
          () -> {
            try {
              callback.run();
            } catch (RuntimeException e) {
              log.error("leader election callback failed", e);
            }
          });
    } catch (RejectedExecutionException e) {
      // stopped meanwhile: nothing to start or stop any more
    }
  }
}
