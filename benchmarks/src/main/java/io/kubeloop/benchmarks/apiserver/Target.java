package io.kubeloop.benchmarks.apiserver;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** A server under measurement and a Fabric8 client for it, built by {@link Clients}. */
interface Target extends AutoCloseable {

  /** The name in the table's first column. */
  String name();

  KubernetesClient client();

  /** Creates {@code namespace} unless it exists. */
  default void createNamespace(String namespace) {
    try {
      client()
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  /** Stops the server and the client. */
  @Override
  void close();
}
