package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The scheduler's writes, as asynchronous requests through the Fabric8 client's HTTP client (its
 * configuration, TLS and credentials): pod bindings, pod status patches, and events. No call blocks
 * the caller; every future completes normally with the outcome.
 */
final class ApiCalls {

  /** An HTTP outcome: the status code (0 if the request never got an answer) and a message. */
  record Outcome(int code, String message) {
    boolean ok() {
      return code >= 200 && code < 300;
    }
  }

  private final HttpClient http;
  private final String base;
  private final KubernetesSerialization serialization;

  ApiCalls(KubernetesClient client) {
    this.http = client.getHttpClient();
    String master = client.getMasterUrl().toString();
    this.base = (master.endsWith("/") ? master : master + "/") + "api/v1/namespaces/";
    this.serialization = client.getKubernetesSerialization();
  }

  /** POST {@code pods/<name>/binding}, with the pod's uid as a precondition. */
  CompletableFuture<Outcome> bind(Pod pod, String node) {
    StringBuilder json = new StringBuilder(256);
    json.append("{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{");
    JsonText.field(json, "name", pod.getMetadata().getName(), true);
    JsonText.field(json, "namespace", pod.getMetadata().getNamespace(), false);
    if (pod.getMetadata().getUid() != null) {
      JsonText.field(json, "uid", pod.getMetadata().getUid(), false);
    }
    json.append("},\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",");
    JsonText.field(json, "name", node, true).append("}}");
    return send(
        http.newHttpRequestBuilder()
            .uri(podPath(pod) + "/binding")
            .post("application/json", json.toString())
            .build());
  }

  /** A strategic merge patch of the pod's {@code status} subresource. */
  CompletableFuture<Outcome> patchPodStatus(Pod pod, Map<String, Object> status) {
    String body = serialization.asJson(Map.of("status", status));
    return send(
        http.newHttpRequestBuilder()
            .uri(podPath(pod) + "/status")
            .method("PATCH", "application/strategic-merge-patch+json", body)
            .build());
  }

  /** POST a core/v1 Event, given as JSON, into {@code namespace}. */
  CompletableFuture<Outcome> createEvent(String namespace, String eventJson) {
    return send(
        http.newHttpRequestBuilder()
            .uri(base + namespace + "/events")
            .post("application/json", eventJson)
            .build());
  }

  /** A JSON merge patch of an Event (the aggregation of a repeated one). */
  CompletableFuture<Outcome> patchEvent(String namespace, String name, Map<String, Object> patch) {
    return send(
        http.newHttpRequestBuilder()
            .uri(base + namespace + "/events/" + name)
            .method("PATCH", "application/merge-patch+json", serialization.asJson(patch))
            .build());
  }

  private String podPath(Pod pod) {
    return base + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName();
  }

  private CompletableFuture<Outcome> send(HttpRequest request) {
    CompletableFuture<HttpResponse<byte[]>> call;
    try {
      call = http.sendAsync(request, byte[].class);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(new Outcome(0, String.valueOf(e)));
    }
    return call.handle(
        (response, error) -> {
          if (error != null) {
            return new Outcome(0, String.valueOf(error.getMessage()));
          }
          if (response.isSuccessful()) {
            return new Outcome(response.code(), "");
          }
          return new Outcome(response.code(), statusMessage(response));
        });
  }

  /** The {@code message} of the Status the server answered with, or the raw body. */
  private String statusMessage(HttpResponse<byte[]> response) {
    byte[] body = response.body();
    String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
    try {
      Map<?, ?> status = serialization.unmarshal(text, Map.class);
      Object message = status.get("message");
      if (message != null) {
        return message.toString();
      }
    } catch (RuntimeException e) {
      // not a Status: fall through to the raw text
    }
    return "HTTP " + response.code() + (text.isEmpty() ? "" : ": " + text);
  }
}
