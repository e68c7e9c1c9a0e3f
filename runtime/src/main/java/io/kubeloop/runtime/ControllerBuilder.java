package io.kubeloop.runtime;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubeloop.workqueue.RateLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds a {@link Controller} and registers it with its manager, in a sentence
 * (controller-runtime's {@code builder}):
 *
 * <pre>{@code
 * manager.controller(ReplicaSet.class)      // For(ReplicaSet)
 *     .owns(Pod.class)                      // Owns(Pod)
 *     .watches(Node.class, node -> podsOn(node))
 *     .workers(4)
 *     .complete(reconciler);                // Complete(r)
 * }</pre>
 *
 * <p>Every source uses the manager's shared informer of its type (one per type for all
 * controllers), created with the manager's informer options. Not thread-safe; build once.
 *
 * @param <T> the primary type
 */
public final class ControllerBuilder<T extends HasMetadata> {

  /** The first step: choose the primary type. */
  public static final class Start {

    private final Manager manager;

    Start(Manager manager) {
      this.manager = requireNonNull(manager, "manager");
    }

    /**
     * The primary type (controller-runtime's {@code For}): each added, changed or deleted object of
     * this type enqueues a request for itself.
     */
    public <T extends HasMetadata> ControllerBuilder<T> forType(Class<T> type) {
      return forType(type, WatchPredicate.all());
    }

    /** {@link #forType(Class)}, passing on only the events {@code predicate} passes. */
    public <T extends HasMetadata> ControllerBuilder<T> forType(
        Class<T> type, WatchPredicate<? super T> predicate) {
      return new ControllerBuilder<>(DefaultManager.of(manager), type, predicate);
    }
  }

  private final DefaultManager manager;
  private final Class<T> primaryType;
  private final WatchPredicate<? super T> primaryPredicate;
  private final List<SourceSpec<?>> secondaries = new ArrayList<>();
  private WatchPredicate<? super HasMetadata> filter = WatchPredicate.all();
  private String name;
  private int workers = 1;
  private RateLimiter<? super Request> rateLimiter;
  private boolean terminalErrorEvents;
  private Reconciler<T> reconciler;

  /** A secondary source before the global filter is applied. */
  private record SourceSpec<S extends HasMetadata>(
      Class<S> type,
      RequestMapper<? super S> mapper,
      WatchPredicate<? super S> predicate,
      String description) {}

  private ControllerBuilder(
      DefaultManager manager, Class<T> primaryType, WatchPredicate<? super T> predicate) {
    this.manager = manager;
    this.primaryType = requireNonNull(primaryType, "type");
    this.primaryPredicate = requireNonNull(predicate, "predicate");
  }

  /**
   * Reconciles the controlling owner of each added, changed or deleted object of {@code type}
   * (controller-runtime's {@code Owns}): the object's ownerReference with {@code controller: true}
   * whose kind and API group are the primary type's. Objects without one are ignored.
   */
  public <S extends HasMetadata> ControllerBuilder<T> owns(Class<S> type) {
    return owns(type, WatchPredicate.all());
  }

  /** {@link #owns(Class)}, passing on only the events {@code predicate} passes. */
  public <S extends HasMetadata> ControllerBuilder<T> owns(
      Class<S> type, WatchPredicate<? super S> predicate) {
    requireNonNull(type, "type");
    secondaries.add(
        new SourceSpec<>(
            type,
            new OwnerMapper<S>(primaryType),
            requireNonNull(predicate, "predicate"),
            "owns " + HasMetadata.getKind(type)));
    return this;
  }

  /**
   * Reconciles the requests {@code mapper} returns for each added, changed or deleted object of
   * {@code type} (controller-runtime's {@code Watches} with {@code EnqueueRequestsFromMapFunc}).
   * For an update both the old and the new object are mapped.
   */
  public <S extends HasMetadata> ControllerBuilder<T> watches(
      Class<S> type, RequestMapper<? super S> mapper) {
    return watches(type, mapper, WatchPredicate.all());
  }

  /**
   * {@link #watches(Class, RequestMapper)}, passing on only the events {@code predicate} passes.
   */
  public <S extends HasMetadata> ControllerBuilder<T> watches(
      Class<S> type, RequestMapper<? super S> mapper, WatchPredicate<? super S> predicate) {
    requireNonNull(type, "type");
    secondaries.add(
        new SourceSpec<>(
            type,
            requireNonNull(mapper, "mapper"),
            requireNonNull(predicate, "predicate"),
            "watches " + HasMetadata.getKind(type)));
    return this;
  }

  /**
   * A predicate every source's events must pass, in addition to their own (controller-runtime's
   * {@code WithEventFilter}). Calling it again adds another.
   */
  public ControllerBuilder<T> withEventFilter(WatchPredicate<? super HasMetadata> predicate) {
    requireNonNull(predicate, "predicate");
    this.filter = WatchPredicate.<HasMetadata>allOf(filter, predicate);
    return this;
  }

  /**
   * The controller's name: its metrics' {@code controller} label and its queue's name; unique in
   * the manager. Default: the primary kind in lower case (e.g. {@code replicaset}).
   */
  public ControllerBuilder<T> name(String name) {
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("controller name must not be blank");
    }
    this.name = name;
    return this;
  }

  /**
   * How many requests may be reconciled at once (controller-runtime's {@code
   * MaxConcurrentReconciles}); default 1. One request is never reconciled twice at once.
   */
  public ControllerBuilder<T> workers(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
    this.workers = workers;
    return this;
  }

  /**
   * The delays of requeues after errors and {@link Result#requeue()}; default {@link
   * RateLimiter#defaultControllerRateLimiter(io.kubeloop.workqueue.Clock)} on the manager's clock
   * (per request 5 ms doubling to 1000 s, overall 10 per second with bursts of 100).
   */
  public ControllerBuilder<T> rateLimiter(RateLimiter<? super Request> rateLimiter) {
    this.rateLimiter = requireNonNull(rateLimiter, "rateLimiter");
    return this;
  }

  /**
   * Also records each terminal error ({@link TerminalException}) as a {@code Warning} Event with
   * reason {@value DefaultController#TERMINAL_ERROR_REASON} on the primary object, if the informer
   * cache still holds it, through the controller's {@linkplain Controller#eventRecorder()
   * recorder}. The message is the exception's message (cut to 1,024 characters).
   *
   * <p>Off by default: neither controller-runtime nor the Java Operator SDK records events for
   * reconcile errors (both log and count them, as this runtime always does). Turn it on to make
   * errors that need a human visible in {@code kubectl describe}. Errors that are retried are never
   * recorded: a reconciler that wants them visible records its own event.
   */
  public ControllerBuilder<T> recordTerminalErrors() {
    this.terminalErrorEvents = true;
    return this;
  }

  /** The reconciler; required. */
  public ControllerBuilder<T> reconciler(Reconciler<T> reconciler) {
    this.reconciler = requireNonNull(reconciler, "reconciler");
    return this;
  }

  /**
   * Builds the controller and registers it with the manager, which starts it with the others.
   *
   * <p>A controller added to a started manager (controller-runtime allows it too) starts in the
   * background: its informers start (those it shares are running already) and sync within the
   * manager's cache sync timeout, then its workers start if the manager leads (else when it is
   * elected). If its caches do not sync in time, it is stopped and logged, and never runs.
   *
   * @throws IllegalStateException if no reconciler was given, or the manager is stopping, stopped
   *     or lost its lease
   * @throws IllegalArgumentException if the manager has a controller of the same name
   */
  public Controller build() {
    if (reconciler == null) {
      throw new IllegalStateException(
          "controller for " + primaryType.getName() + " needs a reconciler");
    }
    String controllerName =
        name != null ? name : HasMetadata.getKind(primaryType).toLowerCase(Locale.ROOT);
    List<Source<?>> sources = new ArrayList<>();
    Source<T> primary =
        source(
            new SourceSpec<T>(
                primaryType,
                obj -> List.of(Request.of(obj)),
                primaryPredicate,
                "for " + HasMetadata.getKind(primaryType)));
    // with no predicate at all an added primary is just its own key: no need to decode it
    sources.add(
        PassAll.is(primary.predicate())
            ? new Source<>(
                primary.type(), primary.mapper(), primary.predicate(), primary.description(), true)
            : primary);
    for (SourceSpec<?> spec : secondaries) {
      sources.add(source(spec));
    }
    return manager.addController(
        controllerName,
        primaryType,
        sources,
        reconciler,
        workers,
        rateLimiter,
        terminalErrorEvents);
  }

  /** {@code reconciler(reconciler).build()}: controller-runtime's {@code Complete}. */
  public Controller complete(Reconciler<T> reconciler) {
    return reconciler(reconciler).build();
  }

  private <S extends HasMetadata> Source<S> source(SourceSpec<S> spec) {
    return new Source<>(
        spec.type(),
        spec.mapper(),
        WatchPredicate.<S>allOf(spec.predicate(), filter),
        spec.description());
  }
}
