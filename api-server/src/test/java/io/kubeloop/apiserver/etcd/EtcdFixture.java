package io.kubeloop.apiserver.etcd;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.KubeApiServer;
import io.kubeloop.apiserver.storage.etcd.EtcdOptions;
import io.kubeloop.apiserver.storage.etcd.LocalEtcdCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * An etcd cluster of child processes and in-process API servers over it. Every server gets a data
 * directory of its own holding a copy of the first server's {@code pki/}: one CA, one admin
 * certificate and token for all of them, as docs/etcd.md tells operators to do.
 */
final class EtcdFixture implements AutoCloseable {

  final Path dir;
  final LocalEtcdCluster etcd;
  private final List<KubeApiServer> servers = new ArrayList<>();
  private final List<KubernetesClient> clients = new ArrayList<>();
  private int started;

  private EtcdFixture(Path dir, LocalEtcdCluster etcd) {
    this.dir = dir;
    this.etcd = etcd;
  }

  /** Skips the calling test class when there is no etcd binary. */
  static Path etcdBinary() {
    Path binary = LocalEtcdCluster.findBinary().orElse(null);
    Assumptions.assumeTrue(
        binary != null, "etcd not found: run tools/install-etcd.sh (or pass -Dkubeloop.etcd=)");
    return binary;
  }

  static EtcdFixture start(Path dir, int members) {
    return new EtcdFixture(dir, LocalEtcdCluster.start(etcdBinary(), members, dir.resolve("etcd")));
  }

  EtcdOptions etcdOptions() {
    return etcd.options();
  }

  KubeApiServer startServer() {
    return startServer(c -> c);
  }

  /** Starts one more API server on the cluster, sharing the first server's certificates. */
  KubeApiServer startServer(UnaryOperator<ApiServerConfig> customize) {
    Path data = dir.resolve("server-" + started++);
    try {
      Path pki = dir.resolve("server-0").resolve("pki");
      if (Files.isDirectory(pki) && !Files.exists(data.resolve("pki"))) {
        copyTree(pki, data.resolve("pki"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    KubeApiServer server =
        KubeApiServer.start(
            customize.apply(ApiServerConfig.defaults(data).withEtcd(etcdOptions())));
    servers.add(server);
    return server;
  }

  KubernetesClient client(KubeApiServer server) {
    try {
      Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
      config.setRequestTimeout(15_000);
      config.setRequestRetryBackoffLimit(0);
      KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
      clients.add(client);
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (!source.getFileName().toString().equals(".lock")) {
          Files.copy(source, target);
        }
      }
    }
  }

  /** Stops a server (as a crash would, minus the process exit). */
  void stop(KubeApiServer server) {
    server.close();
    servers.remove(server);
  }

  @Override
  public void close() {
    clients.forEach(KubernetesClient::close);
    servers.forEach(KubeApiServer::close);
    etcd.close();
  }
}
