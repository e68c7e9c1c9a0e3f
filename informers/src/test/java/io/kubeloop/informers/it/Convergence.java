package io.kubeloop.informers.it;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeloop.informers.SharedIndexInformer;
import java.util.Map;
import java.util.TreeMap;

/** Compares an informer's cache with the server's state: key to resourceVersion. */
final class Convergence {

  private Convergence() {}

  static Map<String, String> server(KubernetesClient client, String namespace) {
    Map<String, String> state = new TreeMap<>();
    for (ConfigMap cm : client.configMaps().inNamespace(namespace).list().getItems()) {
      state.put(Recorder.key(cm), cm.getMetadata().getResourceVersion());
    }
    return state;
  }

  static Map<String, String> cache(SharedIndexInformer<ConfigMap> informer, String namespace) {
    Map<String, String> state = new TreeMap<>();
    for (ConfigMap cm : informer.lister().namespace(namespace).list()) {
      state.put(Recorder.key(cm), cm.getMetadata().getResourceVersion());
    }
    return state;
  }
}
