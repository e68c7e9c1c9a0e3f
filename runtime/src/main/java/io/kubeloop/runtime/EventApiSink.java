package io.kubeloop.runtime;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/** Writes core/v1 Events with a Fabric8 client. Thread-safe, as the client is. */
final class EventApiSink implements EventSink {

  private final KubernetesClient client;

  EventApiSink(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Event create(Event event) {
    return client
        .v1()
        .events()
        .inNamespace(event.getMetadata().getNamespace())
        .resource(event)
        .create();
  }

  @Override
  public Event patch(Event event, String mergePatch) {
    // A merge patch works for every server; client-go sends the same fields as a strategic one.
    return client
        .v1()
        .events()
        .inNamespace(event.getMetadata().getNamespace())
        .withName(event.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }
}
