package io.kubeloop.runtime.it;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.KubeApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * An in-process API server on memory storage and an admin client for it. The runtime under test
 * sees only a Fabric8 client, as it would with any cluster.
 */
final class Cluster implements AutoCloseable {

  final KubeApiServer server;
  final KubernetesClient client;

  private Cluster(KubeApiServer server) {
    this.server = server;
    this.client = newClient(null);
  }

  static Cluster start() {
    try {
      return new Cluster(
          KubeApiServer.start(
              ApiServerConfig.defaults(Files.createTempDirectory("kubeloop-runtime-it"))
                  .withStorage(ApiServerConfig.StorageKind.MEMORY)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new client of its own; its requests go to {@code overrideUrl} (a proxy) if not null. */
  KubernetesClient newClient(String overrideUrl) {
    try {
      Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
      config.setRequestTimeout(10_000);
      if (overrideUrl != null) {
        config.setMasterUrl(overrideUrl);
      }
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void namespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
