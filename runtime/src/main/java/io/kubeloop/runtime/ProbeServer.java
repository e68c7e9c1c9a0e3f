package io.kubeloop.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The manager's HTTP endpoint (JDK {@code HttpServer}, one virtual thread per request):
 *
 * <ul>
 *   <li>{@code /healthz} (liveness) and {@code /readyz} (readiness): 200 {@code ok} when every
 *       check passes, else 500 listing them as Kubernetes components do ({@code [+]name ok}, {@code
 *       [-]name failed: reason}); {@code ?verbose} lists them on success too.
 *   <li>{@code /metrics}: the Prometheus registry's scrape, text format 0.0.4.
 * </ul>
 *
 * Thread-safe.
 */
final class ProbeServer {

  /** One named check: {@code failure} is null when it passes. */
  record Check(String name, String failure) {
    static Check ok(String name) {
      return new Check(name, null);
    }

    boolean passed() {
      return failure == null;
    }
  }

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  private ProbeServer(HttpServer server) {
    this.server = server;
  }

  /** Binds {@code address} and starts serving. */
  static ProbeServer start(
      InetSocketAddress address,
      Supplier<List<Check>> liveness,
      Supplier<List<Check>> readiness,
      PrometheusMeterRegistry registry) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the manager's HTTP endpoint to " + address, e);
    }
    ProbeServer probes = new ProbeServer(server);
    server.setExecutor(probes.executor);
    server.createContext("/healthz", ex -> probes.checks(ex, "healthz", liveness.get()));
    server.createContext("/readyz", ex -> probes.checks(ex, "readyz", readiness.get()));
    server.createContext(
        "/metrics",
        ex -> {
          if (ex.getRequestURI().getPath().equals("/metrics")) {
            respond(ex, 200, PROMETHEUS_TEXT, registry.scrape());
          } else {
            respond(ex, 404, "text/plain; charset=utf-8", "404 page not found\n");
          }
        });
    server.createContext(
        "/", ex -> respond(ex, 404, "text/plain; charset=utf-8", "404 page not found\n"));
    server.start();
    return probes;
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  void stop() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void checks(HttpExchange ex, String endpoint, List<Check> checks) throws IOException {
    String path = ex.getRequestURI().getPath();
    if (!path.equals("/" + endpoint)) {
      respond(ex, 404, "text/plain; charset=utf-8", "404 page not found\n");
      return;
    }
    boolean passed = checks.stream().allMatch(Check::passed);
    String query = ex.getRequestURI().getQuery();
    boolean verbose = query != null && List.of(query.split("&")).contains("verbose");
    if (passed && !verbose) {
      respond(ex, 200, "text/plain; charset=utf-8", "ok");
      return;
    }
    StringBuilder body = new StringBuilder();
    for (Check c : checks) {
      if (c.passed()) {
        body.append("[+]").append(c.name()).append(" ok\n");
      } else {
        body.append("[-]").append(c.name()).append(" failed: ").append(c.failure()).append('\n');
      }
    }
    body.append(endpoint).append(passed ? " check passed\n" : " check failed\n");
    respond(ex, passed ? 200 : 500, "text/plain; charset=utf-8", body.toString());
  }

  private static void respond(HttpExchange ex, int status, String contentType, String body)
      throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", contentType);
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      if (ex.getRequestMethod().equals("HEAD")) {
        ex.sendResponseHeaders(status, -1);
        return;
      }
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
