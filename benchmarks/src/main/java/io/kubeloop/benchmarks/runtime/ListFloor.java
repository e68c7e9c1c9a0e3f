package io.kubeloop.benchmarks.runtime;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Not a runtime: one plain list of the ConfigMaps through the Fabric8 client, decoded into objects,
 * each then counted as reconciled. What any informer-based controller must at least spend to see
 * every object once; the table's floor.
 */
record ListFloor() implements Contender {

  @Override
  public String name() {
    return "floor: one Fabric8 list, decoded";
  }

  @Override
  public String runtime() {
    return "floor";
  }

  @Override
  public int concurrency() {
    return 1;
  }

  @Override
  public AutoCloseable start(KubernetesClient client, String namespace, Reconciled reconciled) {
    for (ConfigMap cm : client.configMaps().inNamespace(namespace).list().getItems()) {
      reconciled.reconciled(cm.getMetadata().getNamespace(), cm.getMetadata().getName());
    }
    return () -> {};
  }
}
