package io.kubeloop.benchmarks.apiserver;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one Fabric8 client configuration every benchmark uses, whatever the server: the Vert.x HTTP
 * client (HTTP/1.1, a pool of up to 8,192 connections per client in Fabric8 7.8.0), no retries so
 * that failures are counted rather than hidden, and generous timeouts.
 */
final class Clients {

  /** Request timeout; a request slower than this counts as a failure. */
  static final int REQUEST_TIMEOUT_MILLIS = 30_000;

  private Clients() {}

  /** A client for the server described by {@code kubeconfig}. */
  static KubernetesClient fromKubeconfig(Path kubeconfig) {
    try {
      return build(Config.fromKubeconfig(Files.readString(kubeconfig)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client with {@code config} tuned as every benchmark's client is. */
  static KubernetesClient build(Config config) {
    config.setRequestTimeout(REQUEST_TIMEOUT_MILLIS);
    config.setConnectionTimeout(10_000);
    config.setRequestRetryBackoffLimit(0);
    // Fabric8 7.8.0's Vert.x client does not read these two (it pools up to 8,192 connections);
    // they are set so that the benchmarks also hold with a client factory that does.
    config.setMaxConcurrentRequests(1_024);
    config.setMaxConcurrentRequestsPerHost(1_024);
    return new KubernetesClientBuilder()
        .withHttpClientFactory(new VertxHttpClientFactory())
        .withConfig(config)
        .build();
  }
}
