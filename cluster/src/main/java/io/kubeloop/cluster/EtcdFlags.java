package io.kubeloop.cluster;

import io.kubeloop.apiserver.storage.etcd.EtcdOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * kube-apiserver's etcd flags, shared by {@code up}, {@code apiserver} and {@code storage copy}.
 */
final class EtcdFlags {

  @Option(
      names = "--etcd-servers",
      paramLabel = "URLS",
      description =
          "Comma-separated etcd client URLs (http:// or https://); selects etcd storage. Several"
              + " API servers may share one cluster.")
  String servers;

  @Option(
      names = "--etcd-prefix",
      paramLabel = "PREFIX",
      description = "Key prefix of every object in etcd (default: ${DEFAULT-VALUE}).",
      defaultValue = EtcdOptions.DEFAULT_PREFIX)
  String prefix;

  @Option(
      names = "--etcd-cafile",
      paramLabel = "FILE",
      description = "PEM CA bundle that signed the etcd members' certificates.")
  Path caFile;

  @Option(
      names = "--etcd-certfile",
      paramLabel = "FILE",
      description = "PEM client certificate for etcd (with --etcd-keyfile).")
  Path certFile;

  @Option(
      names = "--etcd-keyfile",
      paramLabel = "FILE",
      description = "PEM private key of --etcd-certfile.")
  Path keyFile;

  /** Options for {@code servers} (or {@link #servers} when null). */
  EtcdOptions toOptions(String servers) {
    return EtcdOptions.of(servers)
        .withNamespace(EtcdOptions.namespaceForPrefix(prefix))
        .withTls(abs(caFile), abs(certFile), abs(keyFile));
  }

  EtcdOptions toOptions() {
    return toOptions(servers);
  }

  private static Path abs(Path p) {
    return p == null ? null : p.toAbsolutePath();
  }
}
