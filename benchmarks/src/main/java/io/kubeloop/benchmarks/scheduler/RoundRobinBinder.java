package io.kubeloop.benchmarks.scheduler;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.kubeloop.informers.InformerFactory;
import io.kubeloop.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peer of the end-to-end benchmark: the least a scheduler must do through the API server. It
 * watches pods and binds every unassigned one to the next node in turn, with the same transport and
 * in-flight limit as kubeloop's scheduler, but no filtering, scoring, assume cache, status patches
 * or events. Its rate is the API server path's practical limit.
 */
final class RoundRobinBinder implements AutoCloseable {

  private final InformerFactory factory;
  private final HttpClient http;
  private final String base;
  private final KubernetesClient client;
  private final List<String> nodes;
  private final AtomicInteger next = new AtomicInteger();
  private final Semaphore inFlight = new Semaphore(32);
  private final AtomicLong failures = new AtomicLong();

  RoundRobinBinder(KubernetesClient client, List<Node> nodes) throws InterruptedException {
    this.client = client;
    this.http = client.getHttpClient();
    String master = client.getMasterUrl().toString();
    this.base = (master.endsWith("/") ? master : master + "/") + "api/v1/namespaces/";
    this.nodes = nodes.stream().map(n -> n.getMetadata().getName()).toList();
    this.factory = InformerFactory.create(client);
    var informer =
        factory.informer(
            Pod.class, io.kubeloop.informers.InformerOptions.defaults().withCompact(false));
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod, boolean initial) {
            if (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()) {
              bind(pod);
            }
          }
        });
    factory.startAll();
    if (!factory.waitForCacheSync(Duration.ofSeconds(60))) {
      throw new IllegalStateException("binder did not sync: " + factory.health());
    }
  }

  long failures() {
    return failures.get();
  }

  private void bind(Pod pod) {
    String node = nodes.get(Math.floorMod(next.getAndIncrement(), nodes.size()));
    String body =
        client
            .getKubernetesSerialization()
            .asJson(
                new BindingBuilder()
                    .withNewMetadata()
                    .withName(pod.getMetadata().getName())
                    .withNamespace(pod.getMetadata().getNamespace())
                    .withUid(pod.getMetadata().getUid())
                    .endMetadata()
                    .withNewTarget()
                    .withApiVersion("v1")
                    .withKind("Node")
                    .withName(node)
                    .endTarget()
                    .build());
    inFlight.acquireUninterruptibly();
    http.sendAsync(
            http.newHttpRequestBuilder()
                .uri(
                    base
                        + pod.getMetadata().getNamespace()
                        + "/pods/"
                        + pod.getMetadata().getName()
                        + "/binding")
                .post("application/json", body)
                .build(),
            byte[].class)
        .whenComplete(
            (r, e) -> {
              inFlight.release();
              if (e != null || !r.isSuccessful()) {
                failures.incrementAndGet();
              }
            });
  }

  @Override
  public void close() {
    factory.close();
  }
}
