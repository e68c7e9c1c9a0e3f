package io.kubeloop.benchmarks.scheduler;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.KubeApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/** kubeloop's API server on memory storage in a temporary directory, and clients for it. */
final class BenchCluster implements AutoCloseable {

  private final Path dir;
  private final KubeApiServer server;
  private final List<KubernetesClient> clients = new ArrayList<>();

  private BenchCluster(Path dir, KubeApiServer server) {
    this.dir = dir;
    this.server = server;
  }

  static BenchCluster start() {
    try {
      Path dir = Files.createTempDirectory("kubeloop-schedbench-");
      return new BenchCluster(
          dir,
          KubeApiServer.start(
              ApiServerConfig.defaults(dir).withStorage(ApiServerConfig.StorageKind.MEMORY)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A new client (Vert.x HTTP client, generous limits, no retries), closed with the cluster. Each
   * party (scheduler, creators, watcher) gets its own, as separate processes would.
   */
  KubernetesClient newClient() {
    try {
      Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
      config.setRequestTimeout(30_000);
      config.setConnectionTimeout(10_000);
      config.setRequestRetryBackoffLimit(0);
      config.setMaxConcurrentRequests(1_024);
      config.setMaxConcurrentRequestsPerHost(1_024);
      KubernetesClient client =
          new KubernetesClientBuilder()
              .withHttpClientFactory(new VertxHttpClientFactory())
              .withConfig(config)
              .build();
      clients.add(client);
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void namespace(KubernetesClient client, String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  /** The node objects of the benchmark: 32 cpu, 256 GiB, 110 pods, Ready. */
  static List<Node> nodes(int count) {
    List<Node> nodes = new ArrayList<>(count);
    Map<String, Quantity> allocatable =
        Map.of(
            "cpu", new Quantity("32"),
            "memory", new Quantity("256Gi"),
            "pods", new Quantity("110"));
    for (int i = 0; i < count; i++) {
      nodes.add(
          new NodeBuilder()
              .withNewMetadata()
              .withName(String.format("node-%04d", i))
              .addToLabels("kubernetes.io/hostname", String.format("node-%04d", i))
              .endMetadata()
              .withNewSpec()
              .endSpec()
              .withStatus(
                  new NodeStatusBuilder()
                      .withCapacity(allocatable)
                      .withAllocatable(allocatable)
                      .withConditions(
                          new NodeConditionBuilder().withType("Ready").withStatus("True").build())
                      .build())
              .build());
    }
    return nodes;
  }

  /**
   * Creates the nodes, each with a create and a status update (the API server drops a status sent
   * on create), with a few threads.
   */
  static void createNodes(KubernetesClient client, List<Node> nodes) throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<?>> done = new ArrayList<>();
      for (Node n : nodes) {
        done.add(
            pool.submit(
                () -> {
                  Node bare = new NodeBuilder(n).withStatus(null).build();
                  Node created = client.nodes().resource(bare).create();
                  created.setStatus(n.getStatus());
                  client.nodes().resource(created).updateStatus();
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
  }

  /** A pod requesting 10m cpu and 16 MiB. */
  static Pod pod(String namespace, String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withContainers(
            new ContainerBuilder()
                .withName("main")
                .withImage("busybox")
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity("10m"), "memory", new Quantity("16Mi")))
                .endResources()
                .build())
        .endSpec()
        .build();
  }

  @Override
  public void close() {
    clients.forEach(KubernetesClient::close);
    server.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
