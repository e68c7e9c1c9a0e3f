package io.kubeloop.operators.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTPS endpoint, the part of the kubelet API the API server proxies to: {@code GET
 * /containerLogs/<namespace>/<pod>/<container>} with {@code follow}, {@code previous}, {@code
 * timestamps}, {@code tailLines}, {@code limitBytes}, {@code sinceSeconds} and {@code sinceTime},
 * answered with {@code text/plain} (chunked, flushed as lines come), plus {@code GET /healthz}.
 *
 * <p>Errors are plain text as the kubelet writes them: 404 for a pod or container this node does
 * not have, 400 when there is no log to read ({@code container "c" in pod "p" is waiting to start:
 * ContainerCreating}), 400 for malformed parameters.
 *
 * <p>With client CAs, every connection must present a certificate one of them signed (the TLS
 * handshake fails otherwise); the API server presents one issued by the cluster CA. Requests run on
 * virtual threads.
 */
final class LogServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LogServer.class);

  /** Finds the log a request names. */
  interface Logs {
    /**
     * @return empty when the node has no such pod or container
     * @throws LogSelection.NoLogException when there is no log to read
     */
    Optional<PodSyncer.LogTarget> find(
        String namespace, String pod, String container, boolean previous)
        throws LogSelection.NoLogException;

    /** Whether this node (or fleet) runs the pod. */
    boolean hasPod(String namespace, String pod);
  }

  private final HttpsServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Logs logs;
  private final AgentClock clock;

  LogServer(
      InetSocketAddress address,
      SSLContext tls,
      boolean requireClientCertificate,
      Logs logs,
      AgentClock clock)
      throws IOException {
    this.logs = logs;
    this.clock = clock;
    server = HttpsServer.create(address, 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters parameters = tls.getDefaultSSLParameters();
            parameters.setNeedClientAuth(requireClientCertificate);
            params.setSSLParameters(parameters);
          }
        });
    server.setExecutor(executor);
    server.createContext("/containerLogs/", this::containerLogs);
    server.createContext("/healthz", exchange -> text(exchange, 200, "ok"));
    server.start();
  }

  /** The port it listens on. */
  int port() {
    return server.getAddress().getPort();
  }

  private void containerLogs(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        text(exchange, 405, "method not allowed");
        return;
      }
      String[] parts = exchange.getRequestURI().getRawPath().substring(1).split("/", -1);
      if (parts.length != 4 || parts[1].isEmpty() || parts[2].isEmpty() || parts[3].isEmpty()) {
        text(exchange, 404, "404 page not found");
        return;
      }
      String namespace = decode(parts[1]);
      String pod = decode(parts[2]);
      String container = decode(parts[3]);
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      ContainerLogReader.Options options;
      boolean previous;
      try {
        previous = bool(query, "previous");
        options = options(query);
      } catch (IllegalArgumentException e) {
        text(exchange, 400, e.getMessage());
        return;
      }
      Optional<PodSyncer.LogTarget> target;
      try {
        target = logs.find(namespace, pod, container, previous);
      } catch (LogSelection.NoLogException e) {
        text(exchange, 400, e.getMessage());
        return;
      }
      if (target.isEmpty()) {
        text(
            exchange,
            404,
            logs.hasPod(namespace, pod)
                ? "container \"" + container + "\" not found in pod \"" + pod + "\""
                : "pod \"" + pod + "\" does not exist");
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, 0);
      ContainerHandle instance = target.get().instance();
      OutputStream body = exchange.getResponseBody();
      new ContainerLogReader(
              target.get().file(), options, () -> !instance.snapshot().exited(), body)
          .copy();
    } catch (IOException e) {
      LOG.debug("log stream ended: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("serving {} failed", exchange.getRequestURI(), e);
    }
  }

  private ContainerLogReader.Options options(Map<String, String> query) {
    Long sinceSeconds = integer(query, "sinceSeconds");
    Instant since = null;
    if (sinceSeconds != null) {
      since = clock.now().minusSeconds(sinceSeconds);
    } else if (query.containsKey("sinceTime")) {
      try {
        since = OffsetDateTime.parse(query.get("sinceTime")).toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("invalid sinceTime \"" + query.get("sinceTime") + "\"");
      }
    }
    Long tail = integer(query, "tailLines");
    Long limit = integer(query, "limitBytes");
    if (tail != null && tail < 0) {
      throw new IllegalArgumentException("tailLines must be greater than or equal to 0");
    }
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("limitBytes must be greater than 0");
    }
    return new ContainerLogReader.Options(
        bool(query, "follow"), bool(query, "timestamps"), tail, limit, since);
  }

  private static boolean bool(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null || value.isEmpty()) {
      return false;
    }
    return switch (value) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default -> throw new IllegalArgumentException("invalid " + name + " \"" + value + "\"");
    };
  }

  private static Long integer(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid " + name + " \"" + value + "\"");
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> values = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      values.putIfAbsent(key, value);
    }
    return values;
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }

  private static void text(HttpExchange exchange, int code, String message) throws IOException {
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(code, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
