package io.kubeloop.operators.scheduler.it;

import ch.qos.logback.classic.Level;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.KubeApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;

/** An in-process API server (memory storage), a Fabric8 client, and nodes and pods to create. */
final class Cluster implements AutoCloseable {

  final KubeApiServer server;
  final KubernetesClient client;

  private Cluster(KubeApiServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  static Cluster start() {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.WARN);
    try {
      Path dir = Files.createTempDirectory("kubeloop-scheduler-it");
      KubeApiServer server =
          KubeApiServer.start(
              ApiServerConfig.defaults(dir).withStorage(ApiServerConfig.StorageKind.MEMORY));
      Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
      config.setRequestTimeout(30_000);
      return new Cluster(server, new KubernetesClientBuilder().withConfig(config).build());
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

  /**
   * Creates a Ready node with the given allocatable cpu and memory (and 110 pods). The API server
   * drops a status sent on create, so it is written through the status subresource after.
   */
  Node node(String name, String cpu, String memory, UnaryOperator<NodeBuilder> customize) {
    Map<String, Quantity> allocatable = new LinkedHashMap<>();
    allocatable.put("cpu", new Quantity(cpu));
    allocatable.put("memory", new Quantity(memory));
    allocatable.put("pods", new Quantity("110"));
    Node node =
        customize
            .apply(
                new NodeBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .endMetadata()
                    .withNewSpec()
                    .endSpec())
            .build();
    Node created = client.nodes().resource(node).create();
    created.setStatus(
        new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
            .withCapacity(allocatable)
            .withAllocatable(allocatable)
            .withConditions(
                new NodeConditionBuilder()
                    .withType("Ready")
                    .withStatus("True")
                    .withReason("KubeletReady")
                    .withMessage("kubelet is posting ready status")
                    .build())
            .build());
    return client.nodes().resource(created).updateStatus();
  }

  Node node(String name, String cpu, String memory) {
    return node(name, cpu, memory, b -> b);
  }

  static PodBuilder podBuilder(String namespace, String name, String cpu, String memory) {
    Map<String, Quantity> requests = new LinkedHashMap<>();
    if (cpu != null) {
      requests.put("cpu", new Quantity(cpu));
    }
    if (memory != null) {
      requests.put("memory", new Quantity(memory));
    }
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
                .withRequests(requests)
                .endResources()
                .build())
        .endSpec();
  }

  Pod pod(String namespace, String name, String cpu, String memory) {
    return create(podBuilder(namespace, name, cpu, memory).build());
  }

  Pod create(Pod pod) {
    return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
  }

  Pod get(String namespace, String name) {
    return client.pods().inNamespace(namespace).withName(name).get();
  }

  String nodeOf(String namespace, String name) {
    Pod p = get(namespace, name);
    return p == null ? null : p.getSpec().getNodeName();
  }

  Optional<PodCondition> scheduledCondition(String namespace, String name) {
    Pod p = get(namespace, name);
    if (p == null || p.getStatus() == null || p.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return p.getStatus().getConditions().stream()
        .filter(c -> "PodScheduled".equals(c.getType()))
        .findFirst();
  }

  /** Events about the pod, oldest first. */
  List<Event> events(String namespace, String pod) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> pod.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /** Deletes every pod of every namespace at once (no grace period). */
  void deleteAllPods() {
    for (Pod p : client.pods().inAnyNamespace().list().getItems()) {
      client
          .pods()
          .inNamespace(p.getMetadata().getNamespace())
          .withName(p.getMetadata().getName())
          .withGracePeriod(0)
          .delete();
    }
  }

  void deleteAllNodes() {
    for (Node n : client.nodes().list().getItems()) {
      client.nodes().withName(n.getMetadata().getName()).delete();
    }
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
