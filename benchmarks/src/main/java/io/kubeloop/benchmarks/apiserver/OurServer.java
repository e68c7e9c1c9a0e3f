package io.kubeloop.benchmarks.apiserver;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.ApiServerConfig.StorageKind;
import io.kubeloop.apiserver.KubeApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/** kubeloop's API server, in process, in a fresh temporary data directory. */
final class OurServer implements Target {

  private final Path dir;
  private final KubeApiServer server;
  private final KubernetesClient client;

  private OurServer(Path dir, KubeApiServer server, KubernetesClient client) {
    this.dir = dir;
    this.server = server;
    this.client = client;
  }

  static OurServer start(StorageKind storage) {
    Path dir = tempDir();
    KubeApiServer server = KubeApiServer.start(ApiServerConfig.defaults(dir).withStorage(storage));
    return new OurServer(dir, server, Clients.fromKubeconfig(server.kubeconfig()));
  }

  @Override
  public String name() {
    return "kubeloop (" + server.config().storage().name().toLowerCase(Locale.ROOT) + ")";
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  KubeApiServer server() {
    return server;
  }

  /** The data directory, whose {@code pki/} holds the serving certificate and the CA. */
  Path dataDir() {
    return dir;
  }

  @Override
  public void close() {
    client.close();
    server.close();
    deleteTree(dir);
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory("kubeloop-apibench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
