package io.kubeloop.operators.node.it;

import ch.qos.logback.classic.Level;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.KubeApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/** An in-process API server on memory storage and a Fabric8 client for it. */
final class Cluster implements AutoCloseable {

  static {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.WARN);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.kubeloop")).setLevel(Level.INFO);
  }

  final Path dir;
  final KubeApiServer server;
  final KubernetesClient client;

  private Cluster(Path dir, KubeApiServer server, KubernetesClient client) {
    this.dir = dir;
    this.server = server;
    this.client = client;
  }

  /** Started on first use (class initialization is the lock). */
  private static final class Shared {
    static final Cluster CLUSTER = start();

    static {
      Runtime.getRuntime().addShutdownHook(new Thread(CLUSTER::close));
    }
  }

  /**
   * One cluster for all the ITs of a run (each uses its own nodes and namespaces): starting an API
   * server costs seconds; it is closed when the JVM exits.
   */
  static Cluster shared() {
    return Shared.CLUSTER;
  }

  static Cluster start() {
    try {
      Path dir = Files.createTempDirectory("kubeloop-node-it");
      KubeApiServer server =
          KubeApiServer.start(
              ApiServerConfig.defaults(dir).withStorage(ApiServerConfig.StorageKind.MEMORY));
      Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
      config.setRequestTimeout(30_000);
      return new Cluster(dir, server, new KubernetesClientBuilder().withConfig(config).build());
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

  Pod pod(String namespace, String name) {
    return client.pods().inNamespace(namespace).withName(name).get();
  }

  /** Runs kubectl with this cluster's kubeconfig; null when kubectl is not installed. */
  KubectlResult kubectl(String... args) throws IOException, InterruptedException {
    Path kubectl = Path.of("/usr/bin/kubectl");
    if (!Files.isExecutable(kubectl)) {
      return null;
    }
    List<String> command = new ArrayList<>();
    command.add(kubectl.toString());
    command.add("--kubeconfig=" + server.kubeconfig());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("kubectl did not finish");
    }
    return new KubectlResult(
        process.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  record KubectlResult(int exitCode, String out, String err) {}

  static boolean hasKubectl() {
    return Files.isExecutable(Path.of("/usr/bin/kubectl"));
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
