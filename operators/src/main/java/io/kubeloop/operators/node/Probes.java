package io.kubeloop.operators.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One run of a probe, by its handler: {@code exec} runs the command through the runtime (success is
 * exit code 0); {@code tcpSocket} connects; {@code httpGet} sends a GET and succeeds on 200-399,
 * without verifying an HTTPS server's certificate, as the kubelet. The host is the probe's {@code
 * host}, or the pod's IP (the node's). {@code grpc} probes are not supported: they always pass.
 * Each run is bounded by {@code timeoutSeconds} (default 1).
 */
final class Probes {

  private Probes() {}

  static BooleanSupplier runner(
      Probe probe,
      Container container,
      ContainerHandle instance,
      ContainerRuntime runtime,
      String podIp) {
    Duration timeout =
        Duration.ofSeconds(
            probe.getTimeoutSeconds() == null || probe.getTimeoutSeconds() < 1
                ? 1
                : probe.getTimeoutSeconds());
    if (probe.getExec() != null) {
      List<String> command = probe.getExec().getCommand();
      return () -> runtime.exec(instance, command, timeout);
    }
    if (probe.getTcpSocket() != null) {
      String host = host(probe.getTcpSocket().getHost(), podIp);
      int port = port(probe.getTcpSocket().getPort(), container);
      return () -> tcp(host, port, timeout);
    }
    if (probe.getHttpGet() != null) {
      var get = probe.getHttpGet();
      String scheme =
          get.getScheme() == null ? "http" : get.getScheme().toLowerCase(java.util.Locale.ROOT);
      String host = host(get.getHost(), podIp);
      int port = port(get.getPort(), container);
      String path = get.getPath() == null || get.getPath().isEmpty() ? "/" : get.getPath();
      if (!path.startsWith("/")) {
        path = "/" + path;
      }
      URI uri =
          URI.create(
              scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + path);
      List<HTTPHeader> headers = get.getHttpHeaders();
      return () -> http(uri, headers, timeout);
    }
    return () -> true;
  }

  static boolean tcp(String host, int port, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static boolean http(URI uri, List<HTTPHeader> headers, Duration timeout) {
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) uri.toURL().openConnection();
      if (connection instanceof HttpsURLConnection https) {
        https.setSSLSocketFactory(TrustAll.CONTEXT.getSocketFactory());
        https.setHostnameVerifier((h, s) -> true);
      }
      connection.setConnectTimeout((int) timeout.toMillis());
      connection.setReadTimeout((int) timeout.toMillis());
      connection.setInstanceFollowRedirects(false);
      connection.setRequestProperty("User-Agent", "kube-probe/1.35");
      if (headers != null) {
        for (HTTPHeader header : headers) {
          connection.setRequestProperty(header.getName(), header.getValue());
        }
      }
      int code = connection.getResponseCode();
      return code >= 200 && code < 400;
    } catch (IOException e) {
      return false;
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  private static String host(String host, String podIp) {
    return host == null || host.isEmpty() ? podIp : host;
  }

  /** A probe's port: a number, or the name of one of the container's ports. */
  static int port(IntOrString port, Container container) {
    if (port == null) {
      return 0;
    }
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    String name = port.getStrVal();
    try {
      return Integer.parseInt(name);
    } catch (NumberFormatException e) {
      for (ContainerPort p : container.getPorts()) {
        if (name.equals(p.getName())) {
          return p.getContainerPort();
        }
      }
      return 0;
    }
  }

  /** An SSL context that accepts any server: probes do not verify, as the kubelet's do not. */
  private static final class TrustAll {
    static final SSLContext CONTEXT = create();

    private static SSLContext create() {
      try {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(
            null,
            new TrustManager[] {
              new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                  return new X509Certificate[0];
                }
              }
            },
            new SecureRandom());
        return context;
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException("no TLS", e);
      }
    }
  }
}
