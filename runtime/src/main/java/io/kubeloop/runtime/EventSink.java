package io.kubeloop.runtime;

import io.fabric8.kubernetes.api.model.Event;

/**
 * Where events are written: the API server in production ({@link EventApiSink}), a fake in tests.
 * Errors are thrown as Fabric8 {@code KubernetesClientException}s (or other runtime exceptions for
 * transport failures). Implementations must be thread-safe.
 */
interface EventSink {

  /** Creates {@code event} in its namespace and returns what the server stored. */
  Event create(Event event);

  /**
   * Applies a JSON merge patch to the Event named like {@code event} in its namespace and returns
   * what the server stored.
   */
  Event patch(Event event, String mergePatch);
}
