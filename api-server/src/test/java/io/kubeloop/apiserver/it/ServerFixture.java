package io.kubeloop.apiserver.it;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.KubeApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** An in-process API server on memory storage and a Fabric8 client for it. */
final class ServerFixture implements AutoCloseable {

  final Path dir;
  final KubeApiServer server;
  final KubernetesClient client;

  private ServerFixture(Path dir, KubeApiServer server, KubernetesClient client) {
    this.dir = dir;
    this.server = server;
    this.client = client;
  }

  static ServerFixture start() {
    return start(c -> c);
  }

  static ServerFixture start(UnaryOperator<ApiServerConfig> customize) {
    try {
      Path dir = Files.createTempDirectory("kubeloop-it");
      ApiServerConfig config =
          customize.apply(
              ApiServerConfig.defaults(dir).withStorage(ApiServerConfig.StorageKind.MEMORY));
      KubeApiServer server = KubeApiServer.start(config);
      return new ServerFixture(dir, server, client(server));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static KubernetesClient client(KubeApiServer server) {
    try {
      Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
      config.setRequestTimeout(10_000);
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A raw request through the client's authenticated HTTP stack. */
  Raw request(String method, String path, String contentType, String body) {
    return request(method, path, contentType, body, Map.of());
  }

  Raw request(
      String method, String path, String contentType, String body, Map<String, String> headers) {
    HttpClient http = client.getHttpClient();
    HttpRequest.Builder builder = http.newHttpRequestBuilder().uri(server.url() + path);
    headers.forEach(builder::header);
    if (body != null) {
      builder.method(method, contentType, body);
    } else if (!method.equals("GET")) {
      builder.method(method, contentType == null ? "application/json" : contentType, "");
    }
    try {
      HttpResponse<byte[]> response =
          http.sendAsync(builder.build(), byte[].class).get(20, TimeUnit.SECONDS);
      byte[] bytes = response.body();
      return new Raw(
          response.code(),
          bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8),
          response.header("Content-Type"),
          response.headers("Warning"));
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    }
  }

  record Raw(int code, String body, String contentType, java.util.List<String> warnings) {}

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
