package io.kubeloop.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeloop.informers.InformerFactory;
import io.kubeloop.informers.Lister;
import io.kubeloop.informers.SharedIndexInformer;
import io.kubeloop.workqueue.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Runs controllers against one cluster (controller-runtime's {@code Manager}): one Fabric8 client
 * and one informer factory shared by all its controllers (one informer per type), optional leader
 * election, and an optional HTTP endpoint with {@code /healthz}, {@code /readyz} and {@code
 * /metrics}.
 *
 * <pre>{@code
 * try (KubernetesClient client = new KubernetesClientBuilder().build();
 *     Manager manager = Manager.builder(client)
 *         .leaderElection("cnat-operator")
 *         .httpPort(8080)
 *         .build()) {
 *   manager.controller(At.class).owns(Pod.class).complete(new AtReconciler(manager));
 *   Runtime.getRuntime().addShutdownHook(new Thread(manager::close));
 *   manager.run(); // until close(), or throws when leadership is lost
 * }
 * }</pre>
 *
 * <p>Lifecycle: build, add controllers, {@link #start()} (or {@link #run()}), {@link #close()}.
 * Controllers may also be added once started: each then starts on its own, once its caches have
 * synced (see {@link ControllerBuilder#build()}).
 *
 * <ol>
 *   <li>{@code start()} serves the HTTP endpoint, starts the informers of every controller's types
 *       and waits until their caches have synced.
 *   <li>Without leader election it then starts the controllers. With it, it campaigns for the lease
 *       and starts the controllers once elected; a standby keeps its caches warm and is ready.
 *   <li>{@code close()} stops taking new work, waits up to the graceful shutdown timeout for the
 *       reconciles in flight, stops the informers, releases the lease (only if every reconcile
 *       finished) and stops the HTTP endpoint. The client is the caller's: it is not closed.
 *   <li>Losing the lease (not renewed within the renew deadline, or taken) stops the controllers at
 *       once without waiting and stops the informers; {@code /healthz} then fails, {@link #run()}
 *       throws, and the {@linkplain ManagerBuilder#onLeadershipLost leadership-lost callback} runs.
 *       The manager never campaigns again; {@link #close()} it.
 * </ol>
 *
 * <p>Thread-safe.
 */
public interface Manager extends AutoCloseable {

  /** Starts configuring a manager that talks to the cluster through {@code client}. */
  static ManagerBuilder builder(KubernetesClient client) {
    return new ManagerBuilder(client);
  }

  /**
   * Starts building a controller with primary type {@code type}: {@code
   * Controller.builder(this).forType(type)}.
   */
  default <T extends HasMetadata> ControllerBuilder<T> controller(Class<T> type) {
    return Controller.builder(this).forType(type);
  }

  /** The client every controller and informer of this manager uses. */
  KubernetesClient client();

  /** The shared informer factory. */
  InformerFactory informers();

  /**
   * The shared informer of {@code type} (the one the controllers use), created if needed; after
   * {@link #start()} a new one is started at once, and may not have synced yet.
   */
  <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type);

  /**
   * Reads the cache of the shared informer of {@code type}: what reconcilers should read instead of
   * asking the API server. Objects are shared with the cache: do not modify them.
   */
  default <T extends HasMetadata> Lister<T> lister(Class<T> type) {
    return informer(type).lister();
  }

  /**
   * The registry of the workqueue, informer and controller metrics, served on {@code /metrics};
   * helpers may add their own meters.
   */
  MeterRegistry meterRegistry();

  /**
   * A recorder of core/v1 Events on behalf of {@code component} (controller-runtime's {@code
   * GetEventRecorderFor}); a controller's own is {@link Controller#eventRecorder()}.
   *
   * <p>All recorders of a manager share one {@link EventBroadcaster}, created on first use with
   * this manager's client and {@linkplain #wallClock() wall clock} (so a fake clock steps the event
   * timestamps and aggregation windows too) and closed by {@link #close()} once the controllers
   * have drained, so events recorded by the last reconciles are still sent. After {@code close()}
   * recorded events are dropped (and counted as dropped).
   *
   * @param component the source and reporting controller of the events, e.g. {@code
   *     cnat-controller}
   * @throws IllegalArgumentException if {@code component} is blank
   */
  EventRecorder eventRecorder(String component);

  /** The monotonic clock of requeue delays and rate limiters. */
  Clock clock();

  /**
   * "Now" for reconcilers and helpers (schedules, event timestamps): the system UTC clock, or with
   * an injected {@link #clock()} a wall clock that moves with it.
   */
  java.time.Clock wallClock();

  /**
   * Starts the manager and returns once the caches have synced and the controllers are started
   * (without leader election) or the campaign has begun (with it).
   *
   * @throws IllegalStateException if already started or closed, or if the caches did not sync
   *     within the cache sync timeout (the manager is then closed)
   * @throws InterruptedException if interrupted while waiting for the caches (the manager is then
   *     closed)
   */
  void start() throws InterruptedException;

  /**
   * {@link #start()}, then blocks until {@link #close()} has finished (returns) or leadership is
   * lost (throws), like controller-runtime's {@code Start}.
   *
   * @throws IllegalStateException when leadership was lost, or as {@link #start()}
   */
  void run() throws InterruptedException;

  /**
   * Whether this manager runs its controllers: started without leader election, or holding the
   * lease.
   */
  boolean isLeader();

  /** The bound address of the HTTP endpoint, once started, if it is enabled. */
  Optional<InetSocketAddress> httpAddress();

  /** Stops gracefully, as described above. Idempotent; a concurrent call waits for the first. */
  @Override
  void close();
}
