package io.kubeloop.benchmarks.apiserver;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/** A server running elsewhere (e.g. {@link ServerProcess}), reached through its kubeconfig. */
final class External implements Target {

  private final Path kubeconfig;
  private final KubernetesClient client;

  External(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
    this.client = Clients.fromKubeconfig(kubeconfig);
  }

  @Override
  public String name() {
    return "external (" + kubeconfig + ")";
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  /** Closes the client only; the server is not ours to stop. */
  @Override
  public void close() {
    client.close();
  }
}
