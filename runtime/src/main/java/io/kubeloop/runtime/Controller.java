package io.kubeloop.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A controller registered with a {@link Manager}: workers that call a {@link Reconciler} for the
 * primary objects whose state, or whose secondaries' state, changed.
 *
 * <p>Build one with {@link #builder(Manager)} or {@link Manager#controller(Class)}:
 *
 * <pre>{@code
 * Controller.builder(manager)
 *     .forType(ReplicaSet.class)
 *     .owns(Pod.class)
 *     .workers(4)
 *     .complete(new ReplicaSetReconciler(manager));
 * }</pre>
 *
 * <p>The manager starts it (once its caches have synced and, with leader election, once elected)
 * and stops it; there is nothing to call on it. Thread-safe.
 */
public interface Controller {

  /** Starts building a controller that will belong to {@code manager}. */
  static ControllerBuilder.Start builder(Manager manager) {
    return new ControllerBuilder.Start(manager);
  }

  /** The name: the {@code controller} label of its metrics, its queue name, its threads' prefix. */
  String name();

  /** The primary type: the type whose objects are reconciled. */
  Class<? extends HasMetadata> primaryType();

  /** How many requests may be reconciled at once. */
  int workers();

  /**
   * The manager's {@linkplain Manager#eventRecorder(String) event recorder} for the component named
   * after this controller ({@link #name()}).
   */
  EventRecorder eventRecorder();
}
