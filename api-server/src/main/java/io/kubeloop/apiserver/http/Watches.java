package io.kubeloop.apiserver.http;

import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.FieldError;
import io.kubeloop.apiserver.registry.ResourceStore;
import io.kubeloop.apiserver.resource.ResourceType;
import io.kubeloop.apiserver.selection.FieldSelectorRegistry;
import io.kubeloop.apiserver.watchcache.CacheWatch;
import io.kubeloop.apiserver.watchcache.WatchCache;
import io.kubeloop.apiserver.watchcache.WatchCache.Start;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Serves watch requests: chooses where in history to start (resourceVersion rules,
 * sendInitialEvents), then streams frames over a chunked response or a WebSocket until the timeout,
 * the client leaving, or the watcher falling too far behind.
 */
final class Watches {

  /** Kube ends watches at a random point between this and twice this, so clients spread out. */
  static final Duration MIN_REQUEST_TIMEOUT = Duration.ofMinutes(30);

  /**
   * Pending bytes per watch connection past which the watcher pauses until the connection drains. A
   * paused watcher catches up from the watch cache's window; it is ended only if it falls behind
   * the window (see {@link WatchCache}).
   */
  static final int WRITE_QUEUE_BYTES = 16 * 1024 * 1024;

  private final Vertx vertx;
  private final FieldSelectorRegistry selectors;
  private final SharedFrames frames = new SharedFrames();

  Watches(Vertx vertx, FieldSelectorRegistry selectors) {
    this.vertx = vertx;
    this.selectors = selectors;
  }

  void serve(
      HttpServerRequest request,
      ResourceStore store,
      Renderer renderer,
      String namespace,
      String name,
      MultiMap params,
      MediaTypes media) {
    ResourceType type = store.type();
    if (media != MediaTypes.JSON) {
      throw ApiException.notAcceptable("watches are served as application/json only");
    }
    Selection selection =
        Selection.parse(selectors, type, params.get("labelSelector"), params.get("fieldSelector"))
            .withName(name);
    boolean bookmarks = "true".equals(params.get("allowWatchBookmarks"));
    String rv = ResourceHandler.nullToEmpty(params.get("resourceVersion"));
    String match = ResourceHandler.nullToEmpty(params.get("resourceVersionMatch"));
    String initial = ResourceHandler.nullToEmpty(params.get("sendInitialEvents"));
    Duration timeout = timeout(params.get("timeoutSeconds"));
    Start start = start(store, rv, match, initial, bookmarks);

    WatchCache cache = store.cache();
    EventChannel channel = open(request);
    WatchStream stream =
        new WatchStream(
            channel,
            renderer,
            frames.slot(renderer.encodingKey()),
            renderer.requestedType(),
            bookmarks);
    Optional<CacheWatch> watch =
        cache.watch(type.keyPrefix(namespace), selection.filter(), start, stream);
    if (watch.isEmpty()) {
      stream.error(
          ApiException.expired(
              "too old resource version: " + rv + " (" + cache.oldestResumableRevision() + ")"));
      return;
    }
    stream.attach(watch.get());
    long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> stream.stop());
    channel.onClose(() -> vertx.cancelTimer(timer));
  }

  private static Start start(
      ResourceStore store, String rv, String match, String initial, boolean bookmarks) {
    List<FieldError> errors = new ArrayList<>();
    boolean sendInitial = initial.equals("true");
    if (!initial.isEmpty() && !initial.equals("true") && !initial.equals("false")) {
      throw ApiException.badRequest(
          "invalid sendInitialEvents \"" + initial + "\": must be true or false");
    }
    if (!initial.isEmpty()) {
      if (!match.equals("NotOlderThan")) {
        errors.add(
            FieldError.forbidden(
                "sendInitialEvents",
                "sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to NotOlderThan"));
      }
      if (sendInitial && !bookmarks) {
        errors.add(
            FieldError.forbidden(
                "allowWatchBookmarks",
                "allowWatchBookmarks must be set to true when sendInitialEvents is true"));
      }
    } else if (!match.isEmpty()) {
      errors.add(
          FieldError.forbidden(
              "resourceVersionMatch",
              "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid("ListOptions", "meta.k8s.io", "", errors);
    }
    if (sendInitial) {
      // NotOlderThan: the state at least as new as rv ("" = most recent), then a marker
      store.reader().awaitFresh(rv);
      return new Start.CurrentState(true);
    }
    if (rv.isEmpty()) {
      store.reader().awaitFresh("");
      return new Start.CurrentState(false);
    }
    if (rv.equals("0")) {
      return new Start.CurrentState(false);
    }
    return new Start.After(io.kubeloop.apiserver.registry.ResourceReader.parseRevision(rv));
  }

  private static Duration timeout(String value) {
    if (value != null && !value.isEmpty()) {
      try {
        long seconds = Long.parseLong(value);
        if (seconds > 0) {
          return Duration.ofSeconds(seconds);
        }
      } catch (NumberFormatException e) {
        throw ApiException.badRequest(
            "invalid timeoutSeconds \"" + value + "\": must be an integer");
      }
    }
    long base = MIN_REQUEST_TIMEOUT.toMillis();
    return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base));
  }

  private static EventChannel open(HttpServerRequest request) {
    if (HttpFrontend.isWebSocketUpgrade(request)) {
      try {
        var future = request.toWebSocket();
        request.resume();
        ServerWebSocket ws =
            future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new WebSocketChannel(ws, WRITE_QUEUE_BYTES);
      } catch (Exception e) {
        throw ApiException.internalError("websocket upgrade failed: " + e.getMessage());
      }
    }
    HttpServerResponse response = request.response();
    response.setChunked(true);
    response.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    response.putHeader("Content-Type", "application/json");
    response.putHeader("Cache-Control", "no-cache, private");
    response.setStatusCode(200);
    response.writeHead();
    return new ChunkedChannel(response);
  }
}
