package io.kubeloop.cluster;

import io.kubeloop.apiserver.storage.etcd.EtcdOptions;
import picocli.CommandLine.Option;

/** kube-apiserver's etcd flags, for {@code up} and {@code apiserver}. */
final class EtcdFlags extends EtcdConnectionFlags {

  @Option(
      names = "--etcd-servers",
      paramLabel = "URLS",
      description =
          "Comma-separated etcd client URLs (http:// or https://); selects etcd storage. Several"
              + " API servers may share one cluster.")
  String servers;

  EtcdOptions toOptions() {
    return toOptions(servers);
  }
}
