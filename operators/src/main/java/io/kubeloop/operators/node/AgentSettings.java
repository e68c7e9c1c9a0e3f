package io.kubeloop.operators.node;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The settings {@link NodeAgentBuilder} and {@link NodeFleetBuilder} share, with their checks. */
final class AgentSettings {

  /** The version nodes report as their kubelet's, matching the API level kubeloop serves. */
  static final String KUBELET_VERSION = "v1.35.0-kubeloop";

  final KubernetesClient client;
  AgentClock clock = AgentClock.system();
  ContainerRuntime runtime;
  String address;
  String bindAddress = "0.0.0.0";
  int logPort;
  String servingCertificatePem;
  String servingKeyPem;
  String clientCaPem;
  boolean allowAnyClient;
  Path logDirectory;
  Map<String, String> labels = new LinkedHashMap<>();
  String kubeletVersion = KUBELET_VERSION;
  Duration leaseDuration = Duration.ofSeconds(40);
  Duration statusReportInterval = Duration.ofMinutes(5);
  Duration syncTimeout = Duration.ofSeconds(30);
  int workers;

  AgentSettings(KubernetesClient client, int workers) {
    this.client = Objects.requireNonNull(client, "client");
    this.workers = workers;
  }

  static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(String.format("%s must be positive, was %s", name, value));
    }
    return value;
  }

  static int port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          String.format("port must be between 0 and 65535, was %d", port));
    }
    return port;
  }

  String address() {
    return address != null ? address : detectAddress();
  }

  /** The host's config: the clock, runtime, logs, TLS and queue settings. */
  AgentHost.Config hostConfig(
      String podFieldSelector, ContainerRuntime defaultRuntime, String name) {
    if (leaseDuration.toSeconds() < 4) {
      throw new IllegalArgumentException("leaseDuration must be at least 4s, was " + leaseDuration);
    }
    Path logs = logDirectory;
    boolean owns = false;
    if (logs == null) {
      try {
        logs = Files.createTempDirectory("kubeloop-node-" + name + "-logs");
        owns = true;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a log directory", e);
      }
    }
    String ip = address();
    TlsMaterial.Identity serving =
        servingCertificatePem != null
            ? TlsMaterial.fromPem(servingCertificatePem, servingKeyPem)
            : TlsMaterial.selfSigned(
                name, TlsMaterial.servingNames(name, hostname(name), ip), clock.now());
    return new AgentHost.Config(
        client,
        clock,
        runtime != null ? runtime : defaultRuntime,
        logs,
        owns,
        new InetSocketAddress(bindAddress, logPort),
        serving,
        clientCas(),
        podFieldSelector,
        workers,
        leaseDuration,
        statusReportInterval);
  }

  /** Whose client certificates the log server accepts: the given CA, or the client's cluster CA. */
  private List<X509Certificate> clientCas() {
    if (allowAnyClient) {
      return List.of();
    }
    String pem = clientCaPem;
    if (pem == null) {
      pem = clusterCa(client.getConfiguration());
    }
    if (pem == null) {
      throw new IllegalStateException(
          "no CA to check the API server's client certificate against: the client's configuration"
              + " has none; set clientCaPem(...), or allowAnyLogClient() to serve logs to anyone");
    }
    return TlsMaterial.certificates(pem);
  }

  private static String clusterCa(Config config) {
    if (config.getCaCertData() != null && !config.getCaCertData().isBlank()) {
      return new String(
          Base64.getDecoder().decode(config.getCaCertData().trim()), StandardCharsets.US_ASCII);
    }
    if (config.getCaCertFile() != null && !config.getCaCertFile().isBlank()) {
      try {
        return Files.readString(Path.of(config.getCaCertFile()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + config.getCaCertFile(), e);
      }
    }
    return null;
  }

  /** The machine's host name, or {@code fallback}. */
  static String hostname(String fallback) {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      return name == null || name.isEmpty() ? fallback : name.toLowerCase(java.util.Locale.ROOT);
    } catch (IOException e) {
      return fallback;
    }
  }

  /** The first IPv4 address of an interface that is up and not loopback, else 127.0.0.1. */
  static String detectAddress() {
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!ni.isUp() || ni.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            return a.getHostAddress();
          }
        }
      }
    } catch (SocketException e) {
      // fall through to loopback
    }
    return "127.0.0.1";
  }

  /** kubernetes.io/hostname, /os and /arch (and their beta twins), then the given labels. */
  Map<String, String> labels(String hostname, NodeIdentity.HostFacts host) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("beta.kubernetes.io/arch", host.architecture());
    all.put("beta.kubernetes.io/os", host.operatingSystem());
    all.put("kubernetes.io/arch", host.architecture());
    all.put("kubernetes.io/hostname", hostname);
    all.put("kubernetes.io/os", host.operatingSystem());
    all.putAll(labels);
    return all;
  }
}
