package io.kubeloop.apiserver.http;

import io.fabric8.kubernetes.api.model.StatusDetails;
import io.kubeloop.apiserver.authorization.AccessReviews;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.openapi.OpenApiResponse;
import io.kubeloop.apiserver.openapi.OpenApiService;
import io.kubeloop.apiserver.registry.Stores;
import io.kubeloop.apiserver.security.Authenticator;
import io.kubeloop.apiserver.security.AuthorizationAttributes;
import io.kubeloop.apiserver.security.Authorizer;
import io.kubeloop.apiserver.security.Decision;
import io.kubeloop.apiserver.security.IssuedCertificate;
import io.kubeloop.apiserver.security.UserInfo;
import io.kubeloop.apiserver.selection.FieldSelectorRegistry;
import io.kubeloop.apiserver.storage.StorageUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: reads each request's body within the 3 MiB limit on the event loop, then serves
 * it on a virtual thread: authentication, authorization, in-flight limits, routing to discovery,
 * health, version or a resource, and every failure as a {@code Status}.
 */
public final class HttpFrontend implements AutoCloseable {

  /** kube-apiserver's request body limit. */
  public static final int MAX_REQUEST_BYTES = 3 * 1024 * 1024;

  static final int MAX_READONLY_IN_FLIGHT = 400;
  static final int MAX_MUTATING_IN_FLIGHT = 200;

  private static final Logger LOG = LoggerFactory.getLogger(HttpFrontend.class);

  private final Vertx vertx;
  private final Authenticator authenticator;
  private final Authorizer authorizer;
  private final Discovery discovery;
  private final OpenApiService openApi;
  private final ResourceHandler resources;
  private final AccessReviews reviews;
  private final PodLogs podLogs;
  private final BooleanSupplier ready;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Semaphore readOnly = new Semaphore(MAX_READONLY_IN_FLIGHT);
  private final Semaphore mutating = new Semaphore(MAX_MUTATING_IN_FLIGHT);
  private volatile HttpServer server;
  private volatile String address = "127.0.0.1:0";

  /**
   * @param ready whether the server is ready to serve (for /readyz)
   * @param kubeletClientCertificate what the server presents to node agents when it proxies
   *     pods/log; null to present none
   */
  public HttpFrontend(
      Vertx vertx,
      Stores stores,
      FieldSelectorRegistry selectors,
      Authenticator authenticator,
      Authorizer authorizer,
      InstantSource clock,
      BooleanSupplier ready,
      IssuedCertificate kubeletClientCertificate) {
    this.vertx = vertx;
    this.authenticator = authenticator;
    this.authorizer = authorizer;
    this.discovery = new Discovery(stores.registry());
    this.openApi =
        new OpenApiService(stores.registry(), resource -> crdOf(stores, resource), clock);
    this.resources = new ResourceHandler(stores, new Watches(vertx, selectors), selectors, clock);
    this.reviews = new AccessReviews(authorizer);
    this.ready = ready;
    this.podLogs = new PodLogs(vertx, stores, kubeletClientCertificate);
  }

  /** Starts listening; the future completes with the bound port. */
  public Future<Integer> listen(HttpServerOptions options, String host, int port) {
    options.setCompressionSupported(true).setDecompressionSupported(true);
    options.setMaxFormAttributeSize(MAX_REQUEST_BYTES);
    HttpServer s = vertx.createHttpServer(options).requestHandler(this::accept);
    server = s;
    return s.listen(port, host)
        .map(
            bound -> {
              address = host + ":" + bound.actualPort();
              return bound.actualPort();
            });
  }

  @Override
  public void close() {
    HttpServer s = server;
    if (s != null) {
      s.close().toCompletionStage().toCompletableFuture().join();
    }
    podLogs.close();
    executor.shutdownNow();
  }

  static boolean isWebSocketUpgrade(HttpServerRequest request) {
    String upgrade = request.getHeader("Upgrade");
    return upgrade != null
        && upgrade.equalsIgnoreCase("websocket")
        && request.method() == HttpMethod.GET;
  }

  /** On the event loop: bound the body, then hand the request to a virtual thread. */
  private void accept(HttpServerRequest request) {
    if (isWebSocketUpgrade(request)) {
      request.pause(); // resumed by the WebSocket upgrade once the request is admitted
      executor.execute(() -> serve(request, new byte[0]));
      return;
    }
    String length = request.getHeader("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > MAX_REQUEST_BYTES) {
          tooLarge(request);
          return;
        }
      } catch (NumberFormatException e) {
        // a malformed length is the HTTP codec's concern; the body limit below still applies
      }
    }
    Buffer body = Buffer.buffer();
    boolean[] rejected = new boolean[1];
    request.handler(
        chunk -> {
          if (rejected[0]) {
            return;
          }
          if (body.length() + chunk.length() > MAX_REQUEST_BYTES) {
            rejected[0] = true;
            tooLarge(request);
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(
        v -> {
          if (!rejected[0]) {
            executor.execute(() -> serve(request, body.getBytes()));
          }
        });
    request.exceptionHandler(e -> LOG.debug("request failed: {}", e.toString()));
  }

  private void tooLarge(HttpServerRequest request) {
    ApiException error =
        ApiException.requestEntityTooLarge(
            "Request entity too large: limit is " + MAX_REQUEST_BYTES);
    request.response().putHeader("Connection", "close");
    Responses.sendStatus(request.response(), error, MediaTypes.JSON);
    request.connection().close();
  }

  /** On a virtual thread. */
  private void serve(HttpServerRequest request, byte[] body) {
    MediaTypes media = MediaTypes.JSON;
    Semaphore limit = null;
    try {
      String path = request.path();
      if (servePublic(request, path)) {
        return;
      }
      UserInfo user =
          authenticator
              .authenticate(request)
              .orElseThrow(() -> ApiException.unauthorized("Unauthorized"));
      RequestInfo info = RequestInfo.parse(path);
      authorize(request, user, info, path);
      if (info == null) {
        if (serveOpenApi(request, path)) {
          return; // negotiated by the OpenAPI service (gnostic protobuf among its forms)
        }
        media = MediaTypes.negotiate(request.getHeader("Accept"));
        serveDiscovery(request, path);
        return;
      }
      if (PodLogs.handles(info)) {
        podLogs.serve(request, info); // plain text, whatever the Accept header says
        return;
      }
      media = MediaTypes.negotiate(request.getHeader("Accept"));
      Optional<AccessReviews.Review> review =
          AccessReviews.find(info.group(), info.version(), info.resource());
      if (review.isPresent()) {
        ReviewEndpoint.serve(request, reviews, review.get(), info, body, media, user);
        return;
      }
      boolean watch = ResourceHandler.isWatch(request.params());
      if (!watch) {
        limit = request.method() == HttpMethod.GET ? readOnly : mutating;
        if (!limit.tryAcquire()) {
          limit = null;
          throw ApiException.tooManyRequests("Too many requests, please try again later.", 1);
        }
      }
      resources.handle(request, info, body, media);
    } catch (ApiException e) {
      Responses.sendStatus(request.response(), e, media);
    } catch (StorageUnavailableException e) {
      // etcd down or slow: a Status clients retry on, not a 500
      LOG.warn("{} {} failed: {}", request.method(), request.uri(), e.getMessage());
      Responses.sendStatus(request.response(), unavailable(e), media);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.error("{} {} failed", request.method(), request.uri(), e);
      Responses.sendStatus(request.response(), ApiException.internalError(e.toString()), media);
    } finally {
      if (limit != null) {
        limit.release();
      }
    }
  }

  private static ApiException unavailable(StorageUnavailableException e) {
    if (e.timedOut()) {
      return ApiException.serverTimeout(
          "Timeout: request did not complete within the storage deadline: " + e.getMessage(), 1);
    }
    StatusDetails details = new StatusDetails();
    details.setRetryAfterSeconds(1);
    return ApiException.of(503, "ServiceUnavailable", e.getMessage(), details);
  }

  private void authorize(HttpServerRequest request, UserInfo user, RequestInfo info, String path) {
    AuthorizationAttributes attributes;
    if (info == null) {
      attributes =
          AuthorizationAttributes.nonResource(
              user, request.method().name().toLowerCase(java.util.Locale.ROOT), path);
    } else {
      attributes =
          AuthorizationAttributes.resource(
              user,
              verb(request, info),
              info.group(),
              info.resource(),
              info.subresource(),
              info.namespace(),
              info.name());
    }
    Decision decision = authorizer.authorize(attributes);
    if (!decision.allowed()) {
      throw attributes.forbidden(decision.reason());
    }
  }

  /** Kube's verb for a resource request. */
  static String verb(HttpServerRequest request, RequestInfo info) {
    boolean collection = info.name().isEmpty();
    return switch (request.method().name()) {
      case "GET", "HEAD" ->
          ResourceHandler.isWatch(request.params()) ? "watch" : collection ? "list" : "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> collection ? "deletecollection" : "delete";
      default -> request.method().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** Health and version, which kube serves to unauthenticated clients too. */
  private boolean servePublic(HttpServerRequest request, String path) {
    if (path.equals("/version") || path.equals("/version/")) {
      Responses.send(request.response(), 200, MediaTypes.JSON, Version.document());
      return true;
    }
    for (String endpoint : List.of("/healthz", "/livez", "/readyz")) {
      if (path.equals(endpoint) || path.startsWith(endpoint + "/")) {
        Health.serve(
            request, endpoint, path, endpoint.equals("/readyz") ? ready.getAsBoolean() : true);
        return true;
      }
    }
    return false;
  }

  /** {@code /openapi/v2} and {@code /openapi/v3/...}; false for any other path. */
  private boolean serveOpenApi(HttpServerRequest request, String path) {
    if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
      return false;
    }
    Optional<OpenApiResponse> answer =
        openApi.serve(
            path, request.query(), request.getHeader("Accept"), request.getHeader("If-None-Match"));
    if (answer.isEmpty()) {
      return false;
    }
    OpenApiResponse r = answer.get();
    var response = request.response().setStatusCode(r.status());
    if (r.contentType() != null) {
      response.putHeader("Content-Type", r.contentType());
    }
    r.headers().forEach(response::putHeader);
    response.end(Buffer.buffer(r.body() == null ? new byte[0] : r.body()));
    return true;
  }

  private void serveDiscovery(HttpServerRequest request, String path) {
    if (request.method() != HttpMethod.GET) {
      throw ApiException.methodNotAllowed();
    }
    List<String> parts = RequestInfo.segments(path);
    String aggregated = Discovery.aggregatedVersion(request.getHeader("Accept"));
    byte[] doc;
    String contentType = "application/json";
    if (parts.equals(List.of("api")) || parts.equals(List.of("apis"))) {
      boolean core = parts.get(0).equals("api");
      if (aggregated != null) {
        doc = discovery.aggregated(core, aggregated);
        contentType =
            aggregated.equals("v2") ? Discovery.AGGREGATED_V2 : Discovery.AGGREGATED_V2BETA1;
      } else {
        doc = core ? discovery.coreVersions(address) : discovery.groups();
      }
    } else if (parts.size() == 2 && parts.get(0).equals("api")) {
      doc = discovery.resources("", parts.get(1));
    } else if (parts.size() == 2 && parts.get(0).equals("apis")) {
      doc = discovery.groupDocument(parts.get(1));
    } else if (parts.size() == 3 && parts.get(0).equals("apis")) {
      doc = discovery.resources(parts.get(1), parts.get(2));
    } else {
      throw ApiException.notFoundPath();
    }
    request
        .response()
        .setStatusCode(200)
        .putHeader("Content-Type", contentType)
        .putHeader("Cache-Control", "no-cache, private")
        .end(Buffer.buffer(doc));
  }

  /** The stored CRD that defines {@code resource}, for its schema. */
  private static Optional<com.fasterxml.jackson.databind.JsonNode> crdOf(
      Stores stores, io.kubeloop.apiserver.errors.GroupResource resource) {
    return stores
        .get(
            new io.kubeloop.apiserver.errors.GroupResource(
                "apiextensions.k8s.io", "customresourcedefinitions"))
        .flatMap(
            crds ->
                crds.cache().get(crds.type().key("", resource.resource() + "." + resource.group())))
        .map(cached -> io.kubeloop.apiserver.codec.Json.readStored(cached.json()));
  }

  Optional<HttpServer> server() {
    return Optional.ofNullable(server);
  }
}
