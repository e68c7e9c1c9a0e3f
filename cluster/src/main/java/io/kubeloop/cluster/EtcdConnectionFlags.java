package io.kubeloop.cluster;

import io.kubeloop.apiserver.storage.etcd.EtcdOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * kube-apiserver's etcd flags but the server list: the prefix and the TLS files, shared by {@code
 * up}, {@code apiserver} (through {@link EtcdFlags}) and {@code storage copy}.
 */
class EtcdConnectionFlags {

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

  /** Options for {@code servers}, a comma-separated list of client URLs. */
  EtcdOptions toOptions(String servers) {
    return EtcdOptions.of(servers)
        .withNamespace(EtcdOptions.namespaceForPrefix(prefix))
        .withTls(abs(caFile), abs(certFile), abs(keyFile));
  }

  private static Path abs(Path p) {
    return p == null ? null : p.toAbsolutePath();
  }
}
