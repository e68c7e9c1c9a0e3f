package io.kubeloop.runtime;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeloop.informers.InformerFactoryBuilder;
import io.kubeloop.workqueue.Clock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Configures a {@link Manager}. Every setting is optional. Not thread-safe; build once.
 *
 * <table>
 *   <caption>Settings and defaults</caption>
 *   <tr><th>setting</th><th>default</th></tr>
 *   <tr><td>{@link #clock}</td><td>{@link Clock#system()}; "now" is the system UTC clock</td></tr>
 *   <tr><td>{@link #meterRegistry}</td><td>a new {@code PrometheusMeterRegistry}</td></tr>
 *   <tr><td>{@link #leaderElection}</td><td>off: the manager leads at once</td></tr>
 *   <tr><td>{@link #onLeadershipLost}</td><td>log; the manager has stopped its work already</td></tr>
 *   <tr><td>{@link #gracefulShutdownTimeout}</td><td>30 s</td></tr>
 *   <tr><td>{@link #cacheSyncTimeout}</td><td>2 min</td></tr>
 *   <tr><td>{@link #httpPort} / {@link #httpAddress}</td><td>off</td></tr>
 *   <tr><td>{@link #configureInformers}</td><td>informer defaults, the manager's registry</td></tr>
 *   <tr><td>{@link #configureEvents}</td><td>event defaults, the manager's wall clock</td></tr>
 * </table>
 */
public final class ManagerBuilder {

  final KubernetesClient client;
  Clock clock = Clock.system();
  java.time.Clock wallClock;
  PrometheusMeterRegistry registry;
  LeaderElectionOptions leaderElection;
  Runnable onLeadershipLost;
  Duration gracefulShutdownTimeout = Duration.ofSeconds(30);
  Duration cacheSyncTimeout = Duration.ofMinutes(2);
  InetSocketAddress httpAddress;
  Consumer<InformerFactoryBuilder> informerConfig = b -> {};
  Consumer<EventBroadcaster.Builder> eventConfig = b -> {};

  ManagerBuilder(KubernetesClient client) {
    this.client = requireNonNull(client, "client");
  }

  /**
   * The monotonic clock of requeue delays ({@link Result#requeueAfter}) and rate limiters, passed
   * to every controller's queue; "now" ({@link Manager#wallClock()}) moves with it from the current
   * system time. With a workqueue {@code FakeClock}, stepping it fires delayed requeues and moves
   * "now" together. Informers keep the system clock unless {@link #configureInformers} says
   * otherwise.
   */
  public ManagerBuilder clock(Clock clock) {
    return clock(clock, Instant.now());
  }

  /** {@link #clock(Clock)}, with "now" reading {@code now} at the clock's current reading. */
  public ManagerBuilder clock(Clock clock, Instant now) {
    this.clock = requireNonNull(clock, "clock");
    this.wallClock = MonotonicWallClock.anchored(clock, requireNonNull(now, "now"));
    return this;
  }

  /**
   * The registry for workqueue, informer and controller metrics, served on {@code /metrics}; give
   * one to share it with the rest of the application.
   */
  public ManagerBuilder meterRegistry(PrometheusMeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
    return this;
  }

  /** Leader election on the Lease {@code leaseName} with the default identity and timing. */
  public ManagerBuilder leaderElection(String leaseName) {
    return leaderElection(LeaderElectionOptions.of(leaseName));
  }

  /** Leader election as configured by {@code options}. */
  public ManagerBuilder leaderElection(LeaderElectionOptions options) {
    this.leaderElection = requireNonNull(options, "options");
    return this;
  }

  /**
   * Runs {@code callback} (on its own thread) after the manager lost the lease and stopped its
   * controllers and informers. controller-runtime exits the process at that point; pass {@code ()
   * -> System.exit(1)} to do the same. The default only logs: {@link Manager#run()} throws and
   * {@code /healthz} fails, so a process that ignores it is still restarted by its liveness probe.
   */
  public ManagerBuilder onLeadershipLost(Runnable callback) {
    this.onLeadershipLost = requireNonNull(callback, "callback");
    return this;
  }

  /**
   * How long {@link Manager#close()} waits for the reconciles in flight before interrupting them;
   * default 30 s.
   */
  public ManagerBuilder gracefulShutdownTimeout(Duration timeout) {
    this.gracefulShutdownTimeout = requireNonNegative(timeout, "timeout");
    return this;
  }

  /** How long {@link Manager#start()} waits for the caches to sync; default 2 minutes. */
  public ManagerBuilder cacheSyncTimeout(Duration timeout) {
    this.cacheSyncTimeout = requireNonNegative(timeout, "timeout");
    return this;
  }

  /**
   * Serves {@code /healthz}, {@code /readyz} and {@code /metrics} on {@code port} on every
   * interface; 0 picks a free port ({@link Manager#httpAddress()} tells which). Off by default: an
   * operator process turns it on, tests and embedded managers need not bind a port.
   */
  public ManagerBuilder httpPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
    return httpAddress(new InetSocketAddress(port));
  }

  /** Like {@link #httpPort(int)} on a given address (e.g. loopback only). */
  public ManagerBuilder httpAddress(InetSocketAddress address) {
    this.httpAddress = requireNonNull(address, "address");
    return this;
  }

  /**
   * Adjusts the shared informer factory (default options such as namespaces, clock, error handler),
   * after the manager has set its meter registry.
   */
  public ManagerBuilder configureInformers(Consumer<InformerFactoryBuilder> config) {
    this.informerConfig = requireNonNull(config, "config");
    return this;
  }

  /**
   * Adjusts the manager's {@link EventBroadcaster} (host, queue, retries, aggregation and spam
   * filter settings), after the manager has set its client and wall clock.
   */
  public ManagerBuilder configureEvents(Consumer<EventBroadcaster.Builder> config) {
    this.eventConfig = requireNonNull(config, "config");
    return this;
  }

  /** Builds the manager; nothing runs until {@link Manager#start()}. */
  public Manager build() {
    if (registry == null) {
      registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }
    if (wallClock == null) {
      wallClock = java.time.Clock.systemUTC();
    }
    return new DefaultManager(this);
  }

  private static Duration requireNonNegative(Duration d, String what) {
    requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, got " + d);
    }
    return d;
  }
}
