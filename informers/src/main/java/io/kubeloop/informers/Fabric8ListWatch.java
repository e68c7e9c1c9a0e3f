package io.kubeloop.informers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link ListWatchClient} over Fabric8's HTTP client: the client's configuration, TLS,
 * authentication and token refresh, with the bodies read as bytes. Watches are chunked HTTP
 * streams, as client-go opens them.
 *
 * <p>Why not {@code client.resources(type).list(...)} and {@code .watch(...)}: those decode every
 * object into a Java object (which the compact cache would immediately encode again), and Fabric8's
 * watch manager reconnects on its own, while the reflector must decide when to re-watch and when to
 * relist.
 */
final class Fabric8ListWatch implements ListWatchClient {

  private static final long CONNECT_TIMEOUT_SECONDS = 30;
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final HttpClient http;
  private final String baseUrl;
  private final ResourcePath path;
  private final Clock clock;

  Fabric8ListWatch(KubernetesClient client, ResourcePath path, Clock clock) {
    this.http = client.getHttpClient();
    String master = client.getMasterUrl().toString();
    this.baseUrl = master.endsWith("/") ? master : master + "/";
    this.path = path;
    this.clock = clock;
  }

  @Override
  public String resource() {
    return path.resource();
  }

  private String url(String namespace, ListQuery query) {
    String q = query.encode();
    return baseUrl + path.collectionPath(namespace) + (q.isEmpty() ? "" : "?" + q);
  }

  @Override
  public CompletableFuture<byte[]> list(String namespace, ListQuery query) {
    HttpRequest request =
        http.newHttpRequestBuilder()
            .uri(url(namespace, query))
            .header("Accept", "application/json")
            .build();
    return http.sendAsync(request, byte[].class)
        .thenApply(
            response -> {
              if (!response.isSuccessful()) {
                throw new java.util.concurrent.CompletionException(
                    StatusException.fromResponse(response.code(), response.body()));
              }
              return response.body();
            });
  }

  @Override
  public WatchConnection watch(String namespace, ListQuery query)
      throws IOException, InterruptedException {
    HttpRequest request =
        http.newHttpRequestBuilder()
            .uri(url(namespace, query))
            .header("Accept", "application/json")
            .forStreaming()
            .build();
    ChunkPipe pipe = new ChunkPipe(clock);
    CompletableFuture<HttpResponse<AsyncBody>> call = http.consumeBytes(request, pipe);
    HttpResponse<AsyncBody> response;
    try {
      response = call.get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException(cause);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new IOException("no answer to the watch request in " + CONNECT_TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    }
    AsyncBody body = response.body();
    pipe.attach(body);
    body.done().whenComplete((v, t) -> pipe.end(t));
    body.consume();
    if (!response.isSuccessful()) {
      throw StatusException.fromResponse(response.code(), readAll(pipe));
    }
    return pipe;
  }

  private byte[] readAll(ChunkPipe pipe) throws InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long deadline = clock.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      byte[] chunk;
      while (out.size() < MAX_ERROR_BODY && (chunk = pipe.nextChunk(deadline)) != null) {
        out.write(chunk, 0, chunk.length);
      }
    } catch (IOException e) {
      // keep what arrived: the status code alone still says what went wrong
    } finally {
      pipe.close();
    }
    return out.toByteArray();
  }
}
