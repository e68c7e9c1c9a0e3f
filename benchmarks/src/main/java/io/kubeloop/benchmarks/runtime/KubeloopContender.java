package io.kubeloop.benchmarks.runtime;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.informers.Lister;
import io.kubeloop.runtime.Manager;
import io.kubeloop.runtime.Result;

/**
 * kubeloop's runtime with its defaults (Prometheus metrics on, informer lists in pages of 5,000,
 * compact cache) and {@code workers} virtual-thread workers. The reconciler reports the request and
 * returns {@code done()}; with {@code reads} it first reads its object from the informer cache, as
 * most real reconcilers do and as JOSDK always does before calling its reconciler (kubeloop's cache
 * decodes an object on read unless it is in its decode cache).
 *
 * @param workers the controller's workers
 * @param reads whether the reconciler reads its object from the cache
 */
record KubeloopContender(int workers, boolean reads) implements Contender {

  @Override
  public String name() {
    return "kubeloop, "
        + workers
        + (workers == 1 ? " worker" : " workers")
        + (reads ? ", reads the object" : ", no-op");
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
                if (!reads
                    || configMaps.namespace(request.namespace()).get(request.name()).isPresent()) {
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
