package io.kubeloop.benchmarks.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;

/** A runtime under test, with its concurrency setting. */
interface Contender {

  /** What the table calls it, e.g. {@code kubeloop, 1 worker}. */
  String name();

  /** {@code kubeloop} or {@code JOSDK}. */
  String runtime();

  /** Reconciles at most this many objects at once. */
  int concurrency();

  /**
   * Builds and starts the operator over ConfigMaps in {@code namespace}, its reconciler reporting
   * to {@code reconciled}; the caller times from this call. Returns what stops it.
   */
  AutoCloseable start(KubernetesClient client, String namespace, Reconciled reconciled)
      throws Exception;
}
