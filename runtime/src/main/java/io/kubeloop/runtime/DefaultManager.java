package io.kubeloop.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeloop.informers.InformerFactory;
import io.kubeloop.informers.InformerFactoryBuilder;
import io.kubeloop.informers.InformerHealth;
import io.kubeloop.informers.SharedIndexInformer;
import io.kubeloop.workqueue.Clock;
import io.kubeloop.workqueue.RateLimiter;
import io.kubeloop.workqueue.RateLimitingQueue;
import io.kubeloop.workqueue.WorkQueue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Manager}; its lifecycle is {@link ManagerState}.
 *
 * <p>Transitions happen under {@link #lock}; nothing that blocks, and no call into the leader
 * elector (whose threads call back into us holding its monitor), is made while holding it.
 */
final class DefaultManager implements Manager {

  private static final Logger log = LoggerFactory.getLogger(DefaultManager.class);

  private final KubernetesClient client;
  private final InformerFactory informers;
  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final java.time.Clock wallClock;
  private final Duration gracefulShutdownTimeout;
  private final Duration cacheSyncTimeout;
  private final InetSocketAddress httpAddress;
  private final Runnable onLeadershipLost;
  private final LeaderElection election;
  private final ManagerEvents events;

  private final ReentrantLock lock = new ReentrantLock();

  /** Guarded by {@link #lock}; volatile for the probes, which read it without the lock. */
  private volatile ManagerState state = ManagerState.NEW;

  /** Guarded by {@link #lock} for writes. */
  private final List<DefaultController<?>> controllers = new CopyOnWriteArrayList<>();

  /** Guarded by {@link #lock}. */
  private boolean controllersStarted;

  private volatile boolean cachesSynced;
  private volatile boolean leadershipLost;
  private volatile ProbeServer probes;

  /** Counted down when the manager is closed or has lost its lease: {@link #run()} returns. */
  private final CountDownLatch ended = new CountDownLatch(1);

  /** Counted down when {@link #close()} has finished. */
  private final CountDownLatch closed = new CountDownLatch(1);

  DefaultManager(ManagerBuilder b) {
    this.client = b.client;
    this.registry = b.registry;
    this.clock = b.clock;
    this.wallClock = b.wallClock;
    this.gracefulShutdownTimeout = b.gracefulShutdownTimeout;
    this.cacheSyncTimeout = b.cacheSyncTimeout;
    this.httpAddress = b.httpAddress;
    this.onLeadershipLost = b.onLeadershipLost;
    this.events = new ManagerEvents(client, wallClock, b.eventConfig);
    InformerFactoryBuilder fb = InformerFactory.builder(client).meterRegistry(registry);
    b.informerConfig.accept(fb);
    this.informers = fb.build();
    if (b.leaderElection == null) {
      this.election = null;
    } else {
      String ns = b.leaderElection.leaseNamespace();
      if (ns == null) {
        ns = client.getNamespace() == null ? "default" : client.getNamespace();
      }
      this.election =
          new LeaderElection(
              client, b.leaderElection, ns, this::startedLeading, this::lostLeadership);
    }
  }

  /** The manager behind {@code manager}, which must come from {@link ManagerBuilder}. */
  static DefaultManager of(Manager manager) {
    if (manager instanceof DefaultManager m) {
      return m;
    }
    throw new IllegalArgumentException(
        "controllers can only be added to managers built by Manager.builder(client), not "
            + manager.getClass().getName());
  }

  <T extends HasMetadata> Controller addController(
      String name,
      Class<T> primaryType,
      List<Source<?>> sources,
      Reconciler<T> reconciler,
      int workers,
      RateLimiter<? super Request> rateLimiter,
      boolean terminalErrorEvents) {
    DefaultController<T> controller;
    boolean late;
    lock.lock();
    try {
      if (state == ManagerState.STOPPING || state == ManagerState.STOPPED || leadershipLost) {
        throw new IllegalStateException(
            "cannot add controller " + name + ": the manager is " + describeStopped());
      }
      for (DefaultController<?> c : controllers) {
        if (c.name().equals(name)) {
          throw new IllegalArgumentException(
              "the manager already has a controller named '"
                  + name
                  + "'; give this one another name(...)");
        }
      }
      var queueBuilder =
          WorkQueue.<Request>builder().name(name).clock(clock).meterRegistry(registry);
      if (rateLimiter != null) {
        queueBuilder.rateLimiter(rateLimiter);
      }
      RateLimitingQueue<Request> queue = queueBuilder.buildRateLimiting();
      controller =
          new DefaultController<>(
              name,
              primaryType,
              sources,
              reconciler,
              workers,
              queue,
              new ControllerMetrics(registry, name),
              clock,
              terminalErrorEvents,
              this);
      // create the informers now, so start() syncs them before any worker runs
      for (Source<?> s : sources) {
        informers.informer(s.type());
      }
      late = state != ManagerState.NEW;
      if (!late) {
        controller.markSynced(); // start() syncs every cache before starting controllers
      }
      controllers.add(controller);
    } finally {
      lock.unlock();
    }
    if (late) {
      Thread.ofVirtual().name("start-controller-" + name).start(() -> startLate(controller));
    }
    return controller;
  }

  private String describeStopped() {
    return leadershipLost
        ? "stopped (leader election lost)"
        : state.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * Starts a controller added after {@link #start()}, as controller-runtime starts a runnable added
   * to a running manager: its handlers (without leader election, before its informers start), its
   * informers, a wait until they have synced (within the cache sync timeout), then its workers if
   * the manager leads. On a timeout the controller is stopped and never runs.
   */
  private void startLate(DefaultController<?> controller) {
    if (election == null) {
      controller.watch();
    }
    List<SharedIndexInformer<?>> own = new ArrayList<>();
    for (Source<?> s : controller.sources()) {
      own.add(informer(s.type())); // starts it unless running (or the manager is stopping)
    }
    if (!CacheSync.awaitController(
        controller.name(), own, cacheSyncTimeout, this::stoppingOrLost)) {
      controller.abort();
      return;
    }
    lock.lock();
    try {
      controller.markSynced();
      if (controllersStarted && state == ManagerState.RUNNING && !leadershipLost) {
        controller.start();
      } // else the manager starts it with the others (once started, or once elected)
    } finally {
      lock.unlock();
    }
  }

  private boolean stoppingOrLost() {
    ManagerState s = state;
    return s == ManagerState.STOPPING || s == ManagerState.STOPPED || leadershipLost;
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public InformerFactory informers() {
    return informers;
  }

  @Override
  public <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type) {
    SharedIndexInformer<T> informer = informers.informer(type);
    ManagerState s = state;
    if ((s == ManagerState.STARTING || s == ManagerState.RUNNING)
        && !leadershipLost
        && !informer.isRunning()) {
      informer.start();
    }
    return informer;
  }

  @Override
  public MeterRegistry meterRegistry() {
    return registry;
  }

  @Override
  public EventRecorder eventRecorder(String component) {
    return events.recorder(component);
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public java.time.Clock wallClock() {
    return wallClock;
  }

  @Override
  public void start() throws InterruptedException {
    lock.lock();
    try {
      if (state != ManagerState.NEW) {
        throw new IllegalStateException("the manager can be started once; it is " + state);
      }
      state = ManagerState.STARTING;
    } finally {
      lock.unlock();
    }
    try {
      if (httpAddress != null) {
        HealthChecks checks =
            new HealthChecks(
                () -> state, () -> cachesSynced, () -> leadershipLost, election != null, informers);
        probes = ProbeServer.start(httpAddress, checks::liveness, checks::readiness, registry);
        log.info("serving /healthz, /readyz and /metrics on {}", probes.address());
      }
      if (election == null) {
        // the queues fill while the informers list, rather than from a replay of the synced
        // caches; the workers still start only once every cache has synced. A standby instead
        // adds its handlers when elected, as controller-runtime does.
        lock.lock();
        try {
          if (state == ManagerState.STARTING) {
            controllers.forEach(DefaultController::watch);
          }
        } finally {
          lock.unlock();
        }
      }
      informers.startAll();
      awaitCaches();
      boolean startElection;
      lock.lock();
      try {
        if (state != ManagerState.STARTING) {
          return; // closed meanwhile
        }
        state = ManagerState.RUNNING;
        startElection = election != null;
        if (!startElection) {
          startControllers();
        }
      } finally {
        lock.unlock();
      }
      if (startElection) {
        election.start();
      }
    } catch (RuntimeException | InterruptedException | Error e) {
      close();
      throw e;
    }
  }

  private void awaitCaches() throws InterruptedException {
    CacheSync.Outcome outcome =
        CacheSync.await(
            informers::waitForCacheSync,
            cacheSyncTimeout,
            () -> state != ManagerState.STARTING); // closed meanwhile
    if (outcome == CacheSync.Outcome.ABANDONED) {
      return;
    }
    if (outcome == CacheSync.Outcome.TIMED_OUT) {
      throw new IllegalStateException(
          "caches did not sync within " + cacheSyncTimeout + ": " + unsynced());
    }
    cachesSynced = true;
    log.info("caches synced");
  }

  private List<String> unsynced() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, InformerHealth> e : informers.health().entrySet()) {
      if (!e.getValue().synced()) {
        out.add(e.getKey() + " " + e.getValue().state());
      }
    }
    return out;
  }

  /** Caller holds {@link #lock} and the state is RUNNING. */
  private void startControllers() {
    if (controllersStarted) {
      return;
    }
    controllersStarted = true;
    for (DefaultController<?> c : controllers) {
      if (c.synced()) { // a controller added late starts once its own caches have synced
        c.start();
      }
    }
  }

  private void startedLeading() {
    lock.lock();
    try {
      if (state == ManagerState.RUNNING && !leadershipLost) {
        startControllers();
      }
    } finally {
      lock.unlock();
    }
  }

  private void lostLeadership() {
    boolean closing;
    lock.lock();
    try {
      if (leadershipLost || (state != ManagerState.RUNNING && state != ManagerState.STOPPING)) {
        return;
      }
      leadershipLost = true;
      closing = state == ManagerState.STOPPING;
    } finally {
      lock.unlock();
    }
    // as controller-runtime: no graceful wait, the successor may be starting already (also when
    // the lease is lost while close() waits for reconciles to drain)
    for (DefaultController<?> c : controllers) {
      c.abort();
    }
    if (closing) {
      return; // close() does the rest, and does not release a lease it lost
    }
    informers.close();
    ended.countDown();
    if (onLeadershipLost != null) {
      try {
        onLeadershipLost.run();
      } catch (RuntimeException e) {
        log.error("the leadership-lost callback failed", e);
      }
    }
  }

  @Override
  public void run() throws InterruptedException {
    start();
    ended.await();
    if (leadershipLost) {
      throw new IllegalStateException(
          "leader election lost: this manager stopped its controllers; close it and exit");
    }
  }

  @Override
  public boolean isLeader() {
    if (state != ManagerState.RUNNING || leadershipLost) {
      return false;
    }
    return election == null || election.isLeader();
  }

  @Override
  public Optional<InetSocketAddress> httpAddress() {
    ProbeServer p = probes;
    return p == null ? Optional.empty() : Optional.of(p.address());
  }

  @Override
  public void close() {
    boolean first;
    lock.lock();
    try {
      first = state != ManagerState.STOPPING && state != ManagerState.STOPPED;
      if (first) {
        state = ManagerState.STOPPING;
      }
    } finally {
      lock.unlock();
    }
    if (!first) {
      awaitClosed();
      return;
    }
    boolean drained = true;
    try {
      drained = stopControllers();
    } catch (InterruptedException e) {
      drained = false;
      for (DefaultController<?> c : controllers) {
        c.abort();
      }
      Thread.currentThread().interrupt();
    } finally {
      // after the drain, so that what the last reconciles recorded is still sent
      events.close();
      informers.close();
      if (election != null) {
        // release only if no reconcile can still be running: else let the lease expire
        election.stop(drained);
      }
      ProbeServer p = probes;
      if (p != null) {
        p.stop();
      }
      state = ManagerState.STOPPED;
      ended.countDown();
      closed.countDown();
      log.info("manager stopped{}", drained ? "" : " (some reconciles were interrupted)");
    }
  }

  /** Stops every controller gracefully within the one shared timeout. */
  private boolean stopControllers() throws InterruptedException {
    long deadline = System.nanoTime() + gracefulShutdownTimeout.toNanos();
    boolean drained = true;
    for (DefaultController<?> c : controllers) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      drained &= c.stop(left);
    }
    return drained;
  }

  private void awaitClosed() {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
