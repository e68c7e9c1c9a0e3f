package io.kubeloop.apiserver.storage.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.kubeloop.apiserver.storage.StorageException;
import java.io.File;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLException;

/** Builds the jetcd client for {@link EtcdOptions}. */
final class EtcdClients {

  private EtcdClients() {}

  static Client connect(EtcdOptions options) {
    ClientBuilder builder =
        Client.builder()
            .endpoints(options.endpoints().toArray(URI[]::new))
            // round robin over the members; a member that refuses connections is skipped
            .loadBalancerPolicy("round_robin")
            // fail calls at once while no member is reachable instead of queueing them until
            // the deadline: the caller answers 503 sooner
            .waitForReady(false)
            .connectTimeout(min(options.requestTimeout(), Duration.ofSeconds(3)))
            .keepaliveTime(Duration.ofSeconds(10))
            .keepaliveTimeout(Duration.ofSeconds(5))
            .retryMaxDuration(options.requestTimeout())
            // etcd's default request limit is 1.5 MiB; kube objects can come close, lists exceed it
            .maxInboundMessageSize(256 << 20);
    boolean tls = options.endpoints().stream().anyMatch(u -> "https".equals(u.getScheme()));
    if (tls || options.caFile() != null || options.certFile() != null) {
      try {
        builder.sslContext(
            ssl -> {
              if (options.caFile() != null) {
                ssl.trustManager(options.caFile().toFile());
              }
              if (options.certFile() != null) {
                File cert = options.certFile().toFile();
                ssl.keyManager(cert, options.keyFile().toFile());
              }
            });
      } catch (SSLException | IllegalArgumentException e) {
        throw new StorageException("cannot set up TLS for etcd: " + e.getMessage(), e);
      }
    }
    return builder.build();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
