package io.kubeloop.apiserver.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.errors.ApiException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A tiny HTTPS server configured by {@link SecurityBootstrap} that tells callers who the
 * authenticator says they are: {@code {"user", "groups", "protocol"}}, a SelfSubjectReview for
 * kubectl's {@code auth whoami}, or 401 with the kube {@code Status} and a header {@code
 * x-outcome}: {@code none} when the authenticator found no credential, {@code rejected} when it
 * refused one.
 */
final class WhoAmIServer implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  final SecurityBootstrap security;
  final Path dataDir;
  final int port;
  private final Vertx vertx;

  private WhoAmIServer(SecurityBootstrap security, Path dataDir, Vertx vertx, int port) {
    this.security = security;
    this.dataDir = dataDir;
    this.vertx = vertx;
    this.port = port;
  }

  static WhoAmIServer start(Path dataDir) throws Exception {
    SecurityBootstrap security = SecurityBootstrap.prepare(dataDir, List.of(), 0);
    Vertx vertx = Vertx.vertx();
    HttpServer server =
        vertx
            .createHttpServer(
                security.configure(new HttpServerOptions().setHost("127.0.0.1").setPort(0)))
            .requestHandler(request -> answer(security, request));
    server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    security.writeKubeconfig(server.actualPort());
    return new WhoAmIServer(security, dataDir, vertx, server.actualPort());
  }

  URI whoAmI() {
    return URI.create("https://127.0.0.1:" + port + "/whoami");
  }

  Path pki(String name) {
    return dataDir.resolve("pki").resolve(name);
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static void answer(SecurityBootstrap security, HttpServerRequest request) {
    Optional<UserInfo> user;
    try {
      user = security.authenticator().authenticate(request);
    } catch (ApiException e) {
      unauthorized(request, e, "rejected");
      return;
    }
    if (user.isEmpty()) {
      unauthorized(request, ApiException.unauthorized("Unauthorized"), "none");
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    if (request.path().endsWith("/selfsubjectreviews")) {
      String apiVersion = request.path().replaceAll("^/apis/(.+)/selfsubjectreviews$", "$1");
      body.put("kind", "SelfSubjectReview").put("apiVersion", apiVersion);
      body.putObject("metadata");
      ObjectNode userInfo = body.putObject("status").putObject("userInfo");
      userInfo.put("username", user.get().name());
      user.get().groups().forEach(userInfo.withArray("groups")::add);
      request.response().setStatusCode(201);
    } else {
      body.put("user", user.get().name());
      user.get().groups().forEach(body.withArray("groups")::add);
      body.put("protocol", request.version().alpnName());
    }
    request.response().putHeader("content-type", "application/json").end(body.toString());
  }

  private static void unauthorized(HttpServerRequest request, ApiException e, String outcome) {
    String status;
    try {
      status = JSON.writeValueAsString(e.status());
    } catch (com.fasterxml.jackson.core.JsonProcessingException bug) {
      throw new IllegalStateException(bug);
    }
    request
        .response()
        .setStatusCode(e.code())
        .putHeader("content-type", "application/json")
        .putHeader("x-outcome", outcome)
        .end(status);
  }
}
