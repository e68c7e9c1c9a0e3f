package io.kubeloop.informers.it;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.KubeApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

/** An in-process API server and a Fabric8 client for it; restartable on the same data. */
final class Cluster implements AutoCloseable {

  final Path dir;
  private final UnaryOperator<ApiServerConfig> customize;
  volatile KubeApiServer server;
  volatile KubernetesClient client;

  private Cluster(Path dir, UnaryOperator<ApiServerConfig> customize) {
    this.dir = dir;
    this.customize = customize;
  }

  static Cluster start() {
    return start(c -> c);
  }

  static Cluster start(UnaryOperator<ApiServerConfig> customize) {
    try {
      Cluster cluster = new Cluster(Files.createTempDirectory("kubeloop-informers-it"), customize);
      cluster.server =
          KubeApiServer.start(
              customize.apply(
                  ApiServerConfig.defaults(cluster.dir)
                      .withStorage(ApiServerConfig.StorageKind.MEMORY)));
      cluster.client = client(cluster.server.kubeconfig(), null);
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a cluster on durable storage, so {@link #restart()} keeps its objects. */
  static Cluster startDurable(UnaryOperator<ApiServerConfig> customize) {
    return start(c -> customize.apply(c).withStorage(ApiServerConfig.StorageKind.EMBEDDED));
  }

  /** Stops the server and starts a new one on the same data directory and port. */
  void restart() {
    int port = server.port();
    ApiServerConfig config = server.config().withPort(port);
    server.close();
    server = KubeApiServer.start(config);
  }

  void stopServer() {
    server.close();
  }

  void startServer(int port) {
    server = KubeApiServer.start(server.config().withPort(port));
  }

  /** A client whose requests go to {@code overrideUrl} (e.g. a proxy) if not null. */
  static KubernetesClient client(Path kubeconfig, String overrideUrl) {
    try {
      Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
      config.setRequestTimeout(30_000);
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

  static ConfigMap configMap(String namespace, String name, Map<String, String> labels, String v) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .addToData("v", v)
        .build();
  }

  ConfigMap create(String namespace, String name, String value) {
    return create(namespace, name, Map.of(), value);
  }

  ConfigMap create(String namespace, String name, Map<String, String> labels, String value) {
    return client
        .configMaps()
        .inNamespace(namespace)
        .resource(configMap(namespace, name, labels, value))
        .create();
  }

  ConfigMap update(String namespace, String name, String value) {
    return client
        .configMaps()
        .inNamespace(namespace)
        .withName(name)
        .edit(c -> new ConfigMapBuilder(c).addToData("v", value).build());
  }

  void delete(String namespace, String name) {
    client.configMaps().inNamespace(namespace).withName(name).delete();
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }
}
