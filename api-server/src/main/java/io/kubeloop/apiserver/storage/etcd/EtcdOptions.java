package io.kubeloop.apiserver.storage.etcd;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How to reach an etcd v3 cluster and where in it the store lives.
 *
 * @param endpoints the members' client URLs ({@code http://} or {@code https://}); the client
 *     spreads calls over them round-robin and skips members it cannot reach
 * @param namespace prepended to every storage key; "" stores the API server's keys ({@code
 *     /registry/...}) as they are. Two stores with different namespaces share nothing but the
 *     cluster's revision counter
 * @param caFile PEM bundle of the CA that signed the members' serving certificates, or null to
 *     trust the JVM's default CAs ({@code https://} endpoints only)
 * @param certFile PEM client certificate for members that require one, or null
 * @param keyFile PEM private key (PKCS#8 or PKCS#1) of {@code certFile}, or null
 * @param requestTimeout the longest any one call to etcd may take before it fails with {@link
 *     io.kubeloop.apiserver.storage.StorageUnavailableException}
 * @param recentEvents how many recent events the store keeps in memory, so that a watch starting in
 *     the recent past needs no second etcd watch
 */
public record EtcdOptions(
    List<URI> endpoints,
    String namespace,
    Path caFile,
    Path certFile,
    Path keyFile,
    Duration requestTimeout,
    int recentEvents) {

  /** Where kube-apiserver keeps its objects; kubeloop's keys start with it too. */
  public static final String DEFAULT_PREFIX = "/registry";

  public EtcdOptions {
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one etcd endpoint is required");
    }
    for (URI endpoint : endpoints) {
      String scheme = endpoint.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException(
            String.format("etcd endpoint must be an http:// or https:// URL, got %s", endpoint));
      }
      if (endpoint.getHost() == null || endpoint.getPort() < 0) {
        throw new IllegalArgumentException(
            String.format("etcd endpoint must name a host and a port, got %s", endpoint));
      }
    }
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException(
          String.format("requestTimeout must be positive, got %s", requestTimeout));
    }
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException("a client certificate needs its key, and a key its cert");
    }
    if (recentEvents < 1) {
      throw new IllegalArgumentException(
          String.format("recentEvents must be positive, got %d", recentEvents));
    }
  }

  /**
   * Plain options for {@code servers}, a comma-separated list of client URLs as kube-apiserver's
   * {@code --etcd-servers} takes it: no namespace, no TLS files, 5 s per call, 10,000 recent
   * events.
   */
  public static EtcdOptions of(String servers) {
    List<URI> endpoints =
        Arrays.stream(servers.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(URI::create)
            .toList();
    return new EtcdOptions(endpoints, "", null, null, null, Duration.ofSeconds(5), 10_000);
  }

  /**
   * The namespace that puts the API server's keys under {@code prefix}, as kube's {@code
   * --etcd-prefix}: the keys already start with {@code /registry}, so a prefix ending in {@code
   * /registry} replaces it ({@code /registry} itself: keys as they are; {@code /a/registry}: {@code
   * /a/registry/...}), and any other prefix goes in front ({@code /b}: {@code /b/registry/...}).
   */
  public static String namespaceForPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (!prefix.isEmpty() && !prefix.startsWith("/")) {
      throw new IllegalArgumentException(
          String.format("etcd prefix must start with '/', got %s", prefix));
    }
    String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    if (trimmed.endsWith(DEFAULT_PREFIX)) {
      return trimmed.substring(0, trimmed.length() - DEFAULT_PREFIX.length());
    }
    return trimmed;
  }

  public EtcdOptions withNamespace(String namespace) {
    return new EtcdOptions(
        endpoints, namespace, caFile, certFile, keyFile, requestTimeout, recentEvents);
  }

  /** Options with TLS files; any of them may be null. */
  public EtcdOptions withTls(Path caFile, Path certFile, Path keyFile) {
    return new EtcdOptions(
        endpoints, namespace, caFile, certFile, keyFile, requestTimeout, recentEvents);
  }

  public EtcdOptions withRequestTimeout(Duration requestTimeout) {
    return new EtcdOptions(
        endpoints, namespace, caFile, certFile, keyFile, requestTimeout, recentEvents);
  }

  public EtcdOptions withRecentEvents(int recentEvents) {
    return new EtcdOptions(
        endpoints, namespace, caFile, certFile, keyFile, requestTimeout, recentEvents);
  }

  /** The endpoints as kube's flag lists them. */
  public String servers() {
    return String.join(",", endpoints.stream().map(URI::toString).toList());
  }
}
