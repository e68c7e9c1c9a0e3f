package io.kubeloop.informers;

import java.time.Duration;

/**
 * An error an informer met and how it reacts.
 *
 * @param informer the informer's description, e.g. {@code configmaps (namespace default)}
 * @param phase where it happened
 * @param code the HTTP status code of an API error, or 0
 * @param reason the Kubernetes Status reason of an API error (e.g. {@code Forbidden}), or ""
 * @param error the error
 * @param retryIn how long the informer waits before retrying; zero for handler errors, which are
 *     not retried
 */
public record InformerError(
    String informer, Phase phase, int code, String reason, Throwable error, Duration retryIn) {

  /** Where an error happened. */
  public enum Phase {
    LIST,
    WATCH,
    /** A {@link ResourceEventHandler} threw. */
    HANDLER,
    /** An object from the server could not be read. */
    DECODE
  }
}
