package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A scheduler for the pods whose {@code spec.schedulerName} is this scheduler's name ({@code
 * default-scheduler} unless {@linkplain SchedulerBuilder#schedulerName set}; pods that leave the
 * field empty get that name from the API server), with kube-scheduler's semantics for the default
 * profile: it watches pods and nodes, picks a node for each pending pod by filtering and scoring,
 * and binds the pod through the {@code pods/binding} subresource. Pods it cannot place get the
 * {@code PodScheduled=False} condition with reason {@code Unschedulable} and a {@code
 * FailedScheduling} event, and are retried when the cluster changes.
 *
 * <pre>{@code
 * try (Scheduler scheduler = Scheduler.builder(client).build().start()) {
 *   ...  // pods get nodes
 * }
 * }</pre>
 *
 * <p>Thread-safe. It talks to the API server only through the given client, which it does not
 * close.
 */
public interface Scheduler extends AutoCloseable {

  /** Starts building a scheduler that works through {@code client}. */
  static SchedulerBuilder builder(KubernetesClient client) {
    return new SchedulerBuilder(client);
  }

  /**
   * Starts watching pods and nodes and, once the caches are synced, scheduling. Returns at once.
   *
   * @return this scheduler
   * @throws IllegalStateException if already started or closed
   */
  Scheduler start();

  /** Whether the pod and node caches have synced and scheduling has begun. */
  boolean isSynced();

  /** The {@code spec.schedulerName} this scheduler serves. */
  String schedulerName();

  /** Stops scheduling and watching. Bindings already sent may still complete. Idempotent. */
  @Override
  void close();
}
