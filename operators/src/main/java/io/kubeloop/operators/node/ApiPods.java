package io.kubeloop.operators.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The agent's calls to the API server about pods, through the Fabric8 client: status writes (a JSON
 * merge patch of pods/status carrying the pod's uid, so it cannot land on a pod of the same name
 * created since), the final delete, and ConfigMap and Secret reads for environments.
 */
final class ApiPods implements PodSyncer.PodApi, EnvResolver.Sources {

  private final KubernetesClient client;

  ApiPods(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public void writeStatus(Pod pod, PodStatus status) {
    String patch =
        client
            .getKubernetesSerialization()
            .asJson(
                Map.of("metadata", Map.of("uid", pod.getMetadata().getUid()), "status", status));
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e; // a pod that is gone needs no status
      }
    }
  }

  /**
   * {@code DELETE} with {@code gracePeriodSeconds: 0} and {@code preconditions.uid}: Fabric8's
   * delete has no uid precondition, so the request is sent through its HTTP client.
   */
  @Override
  public void confirmDeletion(Pod pod) {
    String url =
        client.getMasterUrl().toString().replaceAll("/$", "")
            + "/api/v1/namespaces/"
            + encode(pod.getMetadata().getNamespace())
            + "/pods/"
            + encode(pod.getMetadata().getName());
    String body =
        client
            .getKubernetesSerialization()
            .asJson(
                Map.of(
                    "kind",
                    "DeleteOptions",
                    "apiVersion",
                    "v1",
                    "gracePeriodSeconds",
                    0,
                    "preconditions",
                    Map.of("uid", pod.getMetadata().getUid())));
    HttpRequest request =
        client
            .getHttpClient()
            .newHttpRequestBuilder()
            .uri(url)
            .method("DELETE", "application/json", body)
            .build();
    HttpResponse<String> response;
    try {
      response = client.getHttpClient().sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while deleting the pod", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KubernetesClientException("deleting the pod failed: " + e, e);
    }
    int code = response.code();
    // 404: already gone; 409: the uid precondition failed, so that name is another pod now
    if (code >= 300 && code != 404 && code != 409) {
      throw new KubernetesClientException(
          "deleting pod "
              + pod.getMetadata().getName()
              + " failed: "
              + code
              + " "
              + response.body(),
          code,
          null);
    }
  }

  @Override
  public Optional<ConfigMap> configMap(String namespace, String name) {
    return Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get());
  }

  @Override
  public Optional<Secret> secret(String namespace, String name) {
    return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
