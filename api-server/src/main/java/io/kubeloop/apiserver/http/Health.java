package io.kubeloop.apiserver.http;

import io.vertx.core.http.HttpServerRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /livez}, {@code /readyz} and the deprecated {@code /healthz}: "ok" or a 500, with {@code
 * ?verbose} listing each check as kube does, and {@code /readyz/<check>} for one check.
 */
final class Health {

  private Health() {}

  static void serve(HttpServerRequest request, String endpoint, String path, boolean ready) {
    Map<String, Boolean> checks = new LinkedHashMap<>();
    checks.put("ping", true);
    checks.put("log", true);
    checks.put("storage", true);
    if (endpoint.equals("/readyz")) {
      checks.put("informer-sync", ready);
      checks.put("shutdown", ready);
    }
    String name = endpoint.substring(1);
    if (path.length() > endpoint.length() + 1) {
      String check = path.substring(endpoint.length() + 1);
      Boolean ok = checks.get(check);
      if (ok == null) {
        request
            .response()
            .setStatusCode(404)
            .putHeader("Content-Type", "text/plain; charset=utf-8")
            .end("404 page not found\n");
        return;
      }
      respond(
          request,
          ok,
          ok ? "ok" : "[-]" + check + " failed: reason withheld\n" + name + " check failed");
      return;
    }
    boolean healthy = checks.values().stream().allMatch(Boolean::booleanValue);
    boolean verbose = request.params().contains("verbose");
    if (!verbose && healthy) {
      respond(request, true, "ok");
      return;
    }
    StringBuilder body = new StringBuilder();
    checks.forEach(
        (check, ok) ->
            body.append(ok ? "[+]" : "[-]")
                .append(check)
                .append(ok ? " ok" : " failed: reason withheld")
                .append('\n'));
    body.append(name).append(healthy ? " check passed" : " check failed").append('\n');
    respond(request, healthy, body.toString());
  }

  private static void respond(HttpServerRequest request, boolean ok, String body) {
    request
        .response()
        .setStatusCode(ok ? 200 : 500)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(body);
  }
}
