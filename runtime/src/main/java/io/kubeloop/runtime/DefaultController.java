package io.kubeloop.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubeloop.informers.HandlerRegistration;
import io.kubeloop.workqueue.Clock;
import io.kubeloop.workqueue.RateLimitingQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A controller: its sources' handlers feed one rate-limiting queue of {@link Request}s, and {@code
 * workers} virtual threads take requests from it and call the reconciler.
 *
 * <p>No two workers reconcile the same request at once: the queue does not hand out a request again
 * before the worker holding it calls {@code done}, and remembers a request added meanwhile
 * (client-go's dirty and processing sets).
 *
 * <p>Lifecycle, driven by the manager: {@link #start()} once (adds the handlers, starts the
 * workers); then {@link #stop(Duration)} (graceful) or {@link #abort()} (leadership lost), either
 * possibly followed by the other. Thread-safe.
 */
final class DefaultController<T extends HasMetadata> implements Controller {

  private static final Logger log = LoggerFactory.getLogger(DefaultController.class);

  /** The reason of the Warning event of a terminal error, when recorded. */
  static final String TERMINAL_ERROR_REASON = "ReconcileError";

  /** Longest event message recorded for a terminal error: the events.k8s.io note limit. */
  private static final int MAX_EVENT_MESSAGE = 1024;

  private final String name;
  private final Class<T> primaryType;
  private final List<Source<?>> sources;
  private final Reconciler<T> reconciler;
  private final int workers;
  private final RateLimitingQueue<Request> queue;
  private final ControllerMetrics metrics;
  private final Clock clock;
  private final boolean terminalErrorEvents;
  private final DefaultManager manager;

  /** Created on first use; two racing threads may each create one, which are interchangeable. */
  private volatile EventRecorder recorder;

  private final ReentrantLock lock = new ReentrantLock();

  /** Guarded by {@link #lock}. */
  private boolean started;

  /** Whether the sources' handlers are registered. Guarded by {@link #lock}. */
  private boolean watching;

  /**
   * Whether the workers may start when the manager starts its controllers: set at once for a
   * controller added before the manager started (the manager syncs every cache first), and once its
   * own caches have synced for one added later.
   */
  private volatile boolean synced;

  /** Guarded by {@link #lock}. */
  private final List<HandlerRegistration> registrations = new ArrayList<>();

  /** Guarded by {@link #lock}; written once by {@link #start()}. */
  private final List<Thread> workerThreads = new ArrayList<>();

  /**
   * Set when the controller stops: workers hand back the requests still waiting without reconciling
   * them (the next leader, or the next start, lists everything anyway).
   */
  private volatile boolean stopping;

  DefaultController(
      String name,
      Class<T> primaryType,
      List<Source<?>> sources,
      Reconciler<T> reconciler,
      int workers,
      RateLimitingQueue<Request> queue,
      ControllerMetrics metrics,
      Clock clock,
      boolean terminalErrorEvents,
      DefaultManager manager) {
    this.name = name;
    this.primaryType = primaryType;
    this.sources = List.copyOf(sources);
    this.reconciler = reconciler;
    this.workers = workers;
    this.queue = queue;
    this.metrics = metrics;
    this.clock = clock;
    this.terminalErrorEvents = terminalErrorEvents;
    this.manager = manager;
    metrics.workers(workers);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Class<T> primaryType() {
    return primaryType;
  }

  @Override
  public int workers() {
    return workers;
  }

  @Override
  public EventRecorder eventRecorder() {
    EventRecorder r = recorder;
    if (r == null) {
      r = manager.eventRecorder(name);
      recorder = r;
    }
    return r;
  }

  /** The caches of this controller's sources have synced: its workers may start. */
  void markSynced() {
    synced = true;
  }

  boolean synced() {
    return synced;
  }

  /** The sources, primary first; for the manager to create their informers before starting. */
  List<Source<?>> sources() {
    return sources;
  }

  /**
   * Adds a handler per source to the manager's shared informers, so that changes fill the queue. A
   * handler added to a started informer first gets its cached objects, one added before the
   * informer starts gets the objects of its initial list: either way every existing primary is
   * reconciled once. Idempotent.
   */
  void watch() {
    lock.lock();
    try {
      if (watching || stopping) {
        return;
      }
      watching = true;
      for (Source<?> source : sources) {
        registrations.add(register(source));
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@link #watch()}, then starts the workers. Called once the caches have synced and, with leader
   * election, once elected.
   */
  void start() {
    lock.lock(); // reentrant: watch() takes it again
    try {
      if (started || stopping) {
        return;
      }
      started = true;
      watch();
      for (int i = 0; i < workers; i++) {
        workerThreads.add(Thread.ofVirtual().name(name + "-worker-" + i).start(this::work));
      }
      log.info("controller {} started with {} worker(s), sources {}", name, workers, sources);
    } finally {
      lock.unlock();
    }
  }

  private <S extends HasMetadata> HandlerRegistration register(Source<S> source) {
    // the factory's informer, not manager.informer(): that one would start it, and the manager
    // starts the informers itself once every controller has added its handlers
    SourceHandler<S> handler = new SourceHandler<>(name, source, queue::add);
    return manager
        .informers()
        .informer(source.type())
        .addEventHandler(source.addsByKey() ? new KeyedSourceHandler<>(handler) : handler);
  }

  /**
   * Stops taking new work and waits up to {@code timeout} for the reconciles in flight (the queue's
   * shutdown-with-drain). Workers still busy after that are interrupted.
   *
   * @return whether every worker finished within {@code timeout}
   */
  boolean stop(Duration timeout) throws InterruptedException {
    List<Thread> threads = beginStop();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !t.join(Duration.ofNanos(left))) {
        log.warn(
            "controller {}: reconciles still running after {}, interrupting them", name, timeout);
        abort();
        return false;
      }
    }
    return true;
  }

  /**
   * Stops at once: no new work, the workers are interrupted and not waited for. For a lost lease,
   * where the successor may already be starting.
   */
  void abort() {
    for (Thread t : beginStop()) {
      t.interrupt();
    }
  }

  private List<Thread> beginStop() {
    lock.lock();
    try {
      stopping = true;
      for (HandlerRegistration r : registrations) {
        r.close();
      }
      registrations.clear();
      // adds are ignored from now on; get() hands out what waits (dropped below), then returns
      // empty, and the workers exit once their reconcile in flight is done
      queue.shutDown();
      return List.copyOf(workerThreads);
    } finally {
      lock.unlock();
    }
  }

  private void work() {
    try {
      for (Optional<Request> next = queue.get(); next.isPresent(); next = queue.get()) {
        Request request = next.get();
        if (stopping) {
          queue.done(request);
          continue;
        }
        reconcile(request);
      }
    } catch (InterruptedException e) {
      // stopping: nothing is held, the request in flight (if any) was marked done
      Thread.currentThread().interrupt();
    }
  }

  private void reconcile(Request request) {
    metrics.reconcileStarted();
    long start = clock.nanoTime();
    Result result = null;
    Throwable error = null;
    Outcome outcome = Outcome.ERROR;
    try {
      result = reconciler.reconcile(request);
    } catch (Throwable t) { // an Error ends this reconcile as a Go panic would, not the worker
      error = t;
    } finally {
      try {
        outcome = ResultHandler.apply(queue, request, result, error);
      } finally {
        queue.done(request);
        metrics.reconciled(outcome, clock.nanoTime() - start, error instanceof Error);
      }
    }
    logOutcome(request, outcome, result, error);
    if (outcome == Outcome.TERMINAL_ERROR && terminalErrorEvents) {
      recordTerminalError(request, error);
    }
    if (error instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    if (error instanceof VirtualMachineError fatal) {
      throw fatal;
    }
  }

  /** A Warning event on the primary, if it is still cached; never throws. */
  private void recordTerminalError(Request request, Throwable error) {
    try {
      var lister = manager.informer(primaryType).lister();
      Optional<T> primary =
          request.clusterScoped()
              ? lister.get(request.name())
              : lister.namespace(request.namespace()).get(request.name());
      if (primary.isEmpty()) {
        return; // deleted: there is nothing left to attach the event to
      }
      String message = error.getMessage() != null ? error.getMessage() : error.toString();
      if (message.length() > MAX_EVENT_MESSAGE) {
        message = message.substring(0, MAX_EVENT_MESSAGE - 3) + "...";
      }
      // no format arguments: the message is used as is, "%" and all
      eventRecorder().warning(primary.get(), TERMINAL_ERROR_REASON, message);
    } catch (RuntimeException e) {
      log.warn("controller {}: could not record the terminal error of {}", name, request, e);
    }
  }

  private void logOutcome(Request request, Outcome outcome, Result result, Throwable error) {
    switch (outcome) {
      case ERROR -> {
        if (result == null && error == null) {
          log.error("controller {}: reconciler returned null for {}", name, request);
        } else if (stopping && error instanceof InterruptedException) {
          log.info("controller {}: reconcile of {} interrupted by shutdown", name, request);
        } else {
          log.error("controller {}: reconciler error for {}", name, request, error);
        }
      }
      case TERMINAL_ERROR ->
          log.error("controller {}: terminal reconciler error for {}", name, request, error);
      case REQUEUE_AFTER ->
          log.debug(
              "controller {}: {} reconciled, requeue after {}",
              name,
              request,
              ((Result.RequeueAfter) result).delay());
      case REQUEUE -> log.debug("controller {}: {} reconciled, requeue", name, request);
      case SUCCESS -> log.debug("controller {}: {} reconciled", name, request);
    }
  }

  @Override
  public String toString() {
    return "Controller[" + name + " for " + HasMetadata.getKind(primaryType) + "]";
  }
}
