package io.kubeloop.benchmarks.runtime;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.informers.Lister;
import io.kubeloop.runtime.Manager;
import io.kubeloop.runtime.Result;

/**
 * kubeloop's runtime with its defaults (Prometheus metrics on, informer lists in pages of 5,000)
 * and {@code workers} virtual-thread workers. The reconciler reads its object from the informer
 * cache, as a real one would and as JOSDK hands it over, and reports the request.
 */
record KubeloopContender(int workers) implements Contender {

  @Override
  public String name() {
    return "kubeloop, " + workers + (workers == 1 ? " worker" : " workers");
  }

  @Override
  public String runtime() {
    return "kubeloop";
  }

  @Override
  public int concurrency() {
    return workers;
  }

  @Override
  public AutoCloseable start(KubernetesClient client, String namespace, Reconciled reconciled)
      throws Exception {
    Manager manager =
        Manager.builder(client)
            .configureInformers(
                b -> b.defaultOptions(InformerOptions.defaults().withNamespaces(namespace)))
            .build();
    try {
      Lister<ConfigMap> configMaps = manager.lister(ConfigMap.class);
      manager
          .controller(ConfigMap.class)
          .name("noop")
          .workers(workers)
          .complete(
              request -> {
                if (configMaps.namespace(request.namespace()).get(request.name()).isPresent()) {
                  reconciled.reconciled(request.namespace(), request.name());
                }
                return Result.done();
              });
      manager.start();
      return manager;
    } catch (Exception | Error e) {
      manager.close();
      throw e;
    }
  }
}
