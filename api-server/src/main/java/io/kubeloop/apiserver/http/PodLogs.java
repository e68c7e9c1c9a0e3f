package io.kubeloop.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.registry.Stores;
import io.kubeloop.apiserver.security.IssuedCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /api/v1/namespaces/<ns>/pods/<name>/log}: checks the options and the container as
 * kube's pod registry does, finds the node the pod is bound to, and streams the container's log
 * from that node agent's {@code /containerLogs/<ns>/<pod>/<container>} endpoint (the kubelet API)
 * to the client: chunked and flushed as it comes, until the agent ends the stream (the container
 * ended, or the log was read without {@code follow}) or the client goes away.
 *
 * <p>The node's address is its first address of type InternalIP, then Hostname, InternalDNS,
 * ExternalIP, ExternalDNS; the port is {@code status.daemonEndpoints.kubeletEndpoint.Port} (10250
 * when unset). The hop is HTTPS with a client certificate that the cluster CA issued to {@code
 * kube-apiserver-kubelet-client}, so an agent that trusts the cluster CA can require it. As with
 * kube-apiserver started without {@code --kubelet-certificate-authority}, the agent's serving
 * certificate is not verified (agents use self-signed ones).
 *
 * <p>A pod not yet bound to a node has no log: 200 with an empty body, as in kube. Agent errors
 * become kube's: 400 BadRequest with the agent's message (e.g. {@code container "c" in pod "p" is
 * waiting to start: ContainerCreating}), 404 NotFound, 500 InternalError.
 *
 * <p>Thread-safe. Long-running like a watch, so not counted against the in-flight limits.
 */
final class PodLogs implements AutoCloseable {

  static final int DEFAULT_KUBELET_PORT = 10250;

  /** How long a request that does not follow may wait for the agent's next bytes. */
  private static final long IDLE_TIMEOUT_MILLIS = 60_000;

  /** kube reads at most this much of an agent's error body. */
  private static final int MAX_ERROR_BODY = 50_000;

  private static final List<String> ADDRESS_PREFERENCE =
      List.of("InternalIP", "Hostname", "InternalDNS", "ExternalIP", "ExternalDNS");

  private final Stores stores;
  private final HttpClient agents;

  PodLogs(Vertx vertx, Stores stores, IssuedCertificate clientCertificate) {
    this.stores = stores;
    HttpClientOptions options =
        new HttpClientOptions()
            .setSsl(true)
            .setTrustAll(true)
            .setVerifyHost(false)
            .setConnectTimeout(10_000)
            // one connection per request: agents' servers may drop idle connections at any time
            .setKeepAlive(false)
            .setMaxPoolSize(256);
    if (clientCertificate != null) {
      options.setKeyCertOptions(
          new PemKeyCertOptions()
              .setCertValue(Buffer.buffer(clientCertificate.certificatePem()))
              .setKeyValue(Buffer.buffer(clientCertificate.privateKeyPem())));
    }
    this.agents = vertx.createHttpClient(options);
  }

  /** Whether {@code info} names the pods/log subresource of one pod. */
  static boolean handles(RequestInfo info) {
    return info != null
        && info.group().isEmpty()
        && info.resource().equals("pods")
        && info.subresource().equals("log")
        && !info.name().isEmpty()
        && !info.namespace().isEmpty();
  }

  /**
   * Serves one request on the calling (virtual) thread up to the point where the agent answers; the
   * rest of the stream is copied on the event loop.
   */
  void serve(HttpServerRequest request, RequestInfo info) {
    if (request.method() != HttpMethod.GET) {
      throw ApiException.methodNotAllowed();
    }
    String namespace = info.namespace();
    String name = info.name();
    PodLogOptions options = PodLogOptions.parse(request.params(), name);
    ObjectNode pod =
        Json.readStored(stores.find("", "v1", "pods").reader().get(namespace, name, null).json());
    String container = container(pod, name, options.container());
    String nodeName = pod.path("spec").path("nodeName").asText("");
    HttpServerResponse response = request.response();
    if (nodeName.isEmpty()) {
      response
          .setStatusCode(200)
          .putHeader("Content-Type", "text/plain")
          .putHeader("Cache-Control", "no-cache, private")
          .end();
      return;
    }
    ObjectNode node =
        Json.readStored(stores.find("", "v1", "nodes").reader().get("", nodeName, null).json());
    String host = address(node, nodeName);
    int port =
        node.path("status").path("daemonEndpoints").path("kubeletEndpoint").path("Port").asInt(0);
    String query = options.kubeletQuery();
    String uri =
        "/containerLogs/"
            + segment(namespace)
            + "/"
            + segment(name)
            + "/"
            + segment(container)
            + (query.isEmpty() ? "" : "?" + query);
    RequestOptions target =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost(host)
            .setPort(port == 0 ? DEFAULT_KUBELET_PORT : port)
            .setURI(uri);
    if (!options.follow()) {
      // a whole log is sent at once; an agent silent this long is not coming back
      target.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
    }
    proxy(response, target, name);
  }

  private void proxy(HttpServerResponse response, RequestOptions target, String podName) {
    AtomicBoolean clientGone = new AtomicBoolean();
    agents
        .request(target)
        .compose(
            upstream -> {
              // the client hung up (e.g. kubectl logs -f interrupted): stop the agent's stream
              response.closeHandler(
                  v -> {
                    clientGone.set(true);
                    upstream.reset();
                  });
              return upstream.send();
            })
        .onSuccess(
            answer -> {
              if (answer.statusCode() >= 200 && answer.statusCode() <= 206) {
                response
                    .setStatusCode(200)
                    .setChunked(true)
                    .putHeader("Content-Type", "text/plain")
                    .putHeader("Cache-Control", "no-cache, private");
                answer.pipeTo(response);
              } else {
                relayError(answer, response, podName);
              }
            })
        .onFailure(
            e -> {
              if (!clientGone.get()) {
                Responses.sendStatus(
                    response,
                    ApiException.internalError(
                        "Get \"https://"
                            + target.getHost()
                            + ":"
                            + target.getPort()
                            + target.getURI()
                            + "\": "
                            + e.getMessage()),
                    MediaTypes.JSON);
              }
            });
  }

  private static void relayError(
      HttpClientResponse answer, HttpServerResponse response, String podName) {
    answer
        .body()
        .onComplete(
            body -> {
              String text = "";
              if (body.succeeded()) {
                Buffer bytes = body.result();
                text = bytes.getString(0, Math.min(bytes.length(), MAX_ERROR_BODY), "UTF-8");
              }
              Responses.sendStatus(
                  response, agentError(answer.statusCode(), text, podName), MediaTypes.JSON);
            });
  }

  /** kube's GenericHttpResponseChecker: how an agent's error answer reaches the client. */
  static ApiException agentError(int code, String body, String podName) {
    return switch (code) {
      case 400 -> ApiException.badRequest(body);
      case 500 -> ApiException.internalError(body);
      default -> {
        String reason =
            switch (code) {
              case 401 -> "Unauthorized";
              case 403 -> "Forbidden";
              case 404 -> "NotFound";
              case 409 -> "Conflict";
              case 429 -> "TooManyRequests";
              case 503 -> "ServiceUnavailable";
              case 504 -> "Timeout";
              default -> "InternalError";
            };
        String message =
            switch (code) {
              case 401 -> "the server has asked for the client to provide credentials";
              case 403 -> "the server does not allow access to the requested resource";
              case 404 -> "the server could not find the requested resource";
              case 503 -> "the server is currently unable to handle the request";
              default ->
                  "an error on the server (\""
                      + body
                      + "\") has prevented the request from succeeding";
            };
        StatusDetails details = new StatusDetails();
        details.setName(podName);
        details.setKind("pods/log");
        StatusCause cause = new StatusCause();
        cause.setReason("UnexpectedServerResponse");
        cause.setMessage(body);
        details.setCauses(List.of(cause));
        yield ApiException.of(code, reason, message + " ( pods/log " + podName + ")", details);
      }
    };
  }

  /**
   * kube's validateContainer: the named container must exist among the pod's containers, init
   * containers and ephemeral containers; without a name, the pod must have exactly one container.
   */
  static String container(JsonNode pod, String podName, String requested) {
    JsonNode spec = pod.path("spec");
    List<String> containers = names(spec.path("containers"));
    if (requested.isEmpty()) {
      if (containers.size() == 1) {
        return containers.get(0);
      }
      if (containers.isEmpty()) {
        throw ApiException.badRequest("a container name must be specified for pod " + podName);
      }
      List<String> all = new ArrayList<>(names(spec.path("initContainers")));
      all.addAll(containers);
      all.addAll(names(spec.path("ephemeralContainers")));
      throw ApiException.badRequest(
          "a container name must be specified for pod "
              + podName
              + ", choose one of: ["
              + String.join(" ", all)
              + "]");
    }
    for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
      if (names(spec.path(list)).contains(requested)) {
        return requested;
      }
    }
    throw ApiException.badRequest("container " + requested + " is not valid for pod " + podName);
  }

  private static List<String> names(JsonNode containers) {
    List<String> names = new ArrayList<>();
    for (JsonNode container : containers) {
      names.add(container.path("name").asText(""));
    }
    return names;
  }

  /** The node's address to dial, by kubeloop's preference order. */
  static String address(JsonNode node, String nodeName) {
    JsonNode addresses = node.path("status").path("addresses");
    for (String type : ADDRESS_PREFERENCE) {
      for (JsonNode address : addresses) {
        if (type.equals(address.path("type").asText())
            && !address.path("address").asText("").isEmpty()) {
          return address.path("address").asText();
        }
      }
    }
    throw ApiException.of(
        500,
        "InternalError",
        "Internal error occurred: no preferred addresses found; known addresses: []",
        null);
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {
    agents.close();
  }
}
