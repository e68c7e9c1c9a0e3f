package io.kubeloop.runtime;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Set;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes correlated events to the sink, after client-go's {@code recordToSink}: a patch whose Event
 * is gone (404) becomes a create of the Event with its full count; transport failures and
 * overloaded or failing servers (429, 5xx) are retried after a delay, the first one randomized so
 * that many clients do not retry in step; anything else the server rejects (AlreadyExists, Invalid,
 * Forbidden, a terminating namespace...) is logged and dropped, as sending it again would fail
 * again. Once the queue is closed, each event gets one attempt.
 *
 * <p>Used by the single sending thread only.
 */
final class EventSender {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private static final Set<Integer> RETRYABLE_CODES = Set.of(429, 500, 502, 503, 504);

  private final EventSink sink;
  private final EventCorrelator correlator;
  private final EventQueue<?> queue;
  private final int maxAttempts;
  private final Duration retryDelay;
  private final DoubleSupplier random;

  EventSender(
      EventSink sink,
      EventCorrelator correlator,
      EventQueue<?> queue,
      int maxAttempts,
      Duration retryDelay,
      DoubleSupplier random) {
    this.sink = sink;
    this.correlator = correlator;
    this.queue = queue;
    this.maxAttempts = maxAttempts;
    this.retryDelay = retryDelay;
    this.random = random;
  }

  /**
   * Sends one event, retrying what may succeed later. Returns whether the server stored it.
   *
   * @throws InterruptedException if the sending thread is interrupted while waiting to retry
   */
  boolean send(EventCorrelation c) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      RuntimeException failure = attempt(c);
      if (failure == null) {
        return true;
      }
      if (!retryable(failure)) {
        logRejected(c.event(), failure);
        return false;
      }
      if (attempt >= maxAttempts) {
        LOG.warn(
            "Unable to write event {} (retry limit exceeded after {} attempts): {}",
            describe(c.event()),
            attempt,
            failure.getMessage());
        return false;
      }
      Duration delay =
          attempt == 1
              ? Duration.ofNanos((long) (retryDelay.toNanos() * random.getAsDouble()))
              : retryDelay;
      LOG.debug(
          "Unable to write event {}, retrying in {}: {}",
          describe(c.event()),
          delay,
          failure.getMessage());
      if (queue.isClosed() || !queue.sleep(delay)) {
        LOG.warn(
            "Unable to write event {} (the recorder is closed): {}",
            describe(c.event()),
            failure.getMessage());
        return false;
      }
    }
  }

  private RuntimeException attempt(EventCorrelation c) {
    try {
      Event stored;
      if (c.patch() == null) {
        stored = sink.create(c.event());
      } else {
        try {
          stored = sink.patch(c.event(), c.patch());
        } catch (KubernetesClientException e) {
          if (e.getCode() != 404) {
            throw e;
          }
          // the Event is gone (e.g. past the server's event TTL): create it again, full count
          Event again = new EventBuilder(c.event()).build();
          again.getMetadata().setResourceVersion(null);
          stored = sink.create(again);
        }
      }
      correlator.sent(c.key(), stored);
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  /** Transport failures (no HTTP status) and server-side trouble may go away; the rest will not. */
  static boolean retryable(RuntimeException failure) {
    if (failure instanceof KubernetesClientException e) {
      return e.getCode() <= 0 || RETRYABLE_CODES.contains(e.getCode());
    }
    return true;
  }

  private static void logRejected(Event event, RuntimeException failure) {
    if (failure instanceof KubernetesClientException e && expectedRejection(e)) {
      LOG.debug("Server rejected event {} (will not retry): {}", describe(event), e.getMessage());
    } else {
      LOG.warn(
          "Server rejected event {} (will not retry): {}", describe(event), failure.getMessage());
    }
  }

  /** Rejections that are part of normal life: a name collision, a namespace going away. */
  private static boolean expectedRejection(KubernetesClientException e) {
    Status status = e.getStatus();
    if (status == null) {
      return false;
    }
    if ("AlreadyExists".equals(status.getReason())) {
      return true;
    }
    return status.getDetails() != null
        && status.getDetails().getCauses() != null
        && status.getDetails().getCauses().stream()
            .map(StatusCause::getReason)
            .anyMatch("NamespaceTerminating"::equals);
  }

  static String describe(Event e) {
    var o = e.getInvolvedObject();
    return String.format(
        "%s %s about %s %s%s: %s",
        e.getType(),
        e.getReason(),
        o == null ? "?" : o.getKind(),
        o == null || o.getNamespace() == null ? "" : o.getNamespace() + "/",
        o == null ? "?" : o.getName(),
        e.getMessage());
  }
}
