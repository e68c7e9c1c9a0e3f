package io.kubeloop.benchmarks.apiserver;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeloop.apiserver.http.HttpFrontend;
import io.kubeloop.apiserver.security.SecurityBootstrap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The floor for one GET: a Vert.x HTTPS server with kubeloop's TLS setup (the serving certificate,
 * CA and options {@link SecurityBootstrap} gives the API server, reused from its data directory)
 * that answers one path with fixed bytes on the event loop and every other path with 404. No
 * authentication, routing or storage.
 */
final class BareVertx implements Target {

  private final Vertx vertx;
  private final HttpServer server;
  private final KubernetesClient client;

  private BareVertx(Vertx vertx, HttpServer server, KubernetesClient client) {
    this.vertx = vertx;
    this.server = server;
    this.client = client;
  }

  /**
   * Serves {@code body} at {@code path} with the certificates in {@code dataDir}; the client is
   * configured from {@code kubeconfig} (the API server's) with only the port changed.
   */
  static BareVertx start(Path dataDir, Path kubeconfig, String path, byte[] body) {
    SecurityBootstrap security = SecurityBootstrap.prepare(dataDir, List.of(), 0);
    // the options HttpFrontend.listen adds to the TLS ones, so that only the handler differs
    HttpServerOptions options =
        security
            .configure(new HttpServerOptions())
            .setCompressionSupported(true)
            .setDecompressionSupported(true)
            .setMaxFormAttributeSize(HttpFrontend.MAX_REQUEST_BYTES);
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
    Buffer response = Buffer.buffer(body);
    HttpServer server =
        vertx
            .createHttpServer(options)
            .requestHandler(
                request -> {
                  if (request.path().equals(path)) {
                    request
                        .response()
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "no-cache, private")
                        .end(response);
                  } else {
                    request.response().setStatusCode(404).end();
                  }
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    try {
      Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
      config.setMasterUrl("https://127.0.0.1:" + server.actualPort());
      return new BareVertx(vertx, server, Clients.build(config));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String name() {
    return "bare Vert.x";
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.close().toCompletionStage().toCompletableFuture().join();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
