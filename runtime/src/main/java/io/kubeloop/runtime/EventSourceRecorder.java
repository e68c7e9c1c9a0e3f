package io.kubeloop.runtime;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.IllegalFormatException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventRecorder} of one component: builds the Event and hands it to its broadcaster.
 * Thread-safe and non-blocking; never throws.
 */
final class EventSourceRecorder implements EventRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final EventBroadcaster broadcaster;
  private final String component;
  private final String host;
  private final Clock clock;
  private final EventNames names;

  EventSourceRecorder(
      EventBroadcaster broadcaster, String component, String host, Clock clock, EventNames names) {
    this.broadcaster = broadcaster;
    this.component = component;
    this.host = host;
    this.clock = clock;
    this.names = names;
  }

  @Override
  public void event(
      HasMetadata object, EventType type, String reason, String messageFmt, Object... args) {
    try {
      Event event = build(object, type, reason, message(messageFmt, args));
      if (event != null) {
        broadcaster.submit(event);
      }
    } catch (RuntimeException e) {
      // recording must never fail the caller's reconcile
      LOG.error("Could not record event {} {} about {}", type, reason, object, e);
    }
  }

  /** The Event to send, or null (logged) when the arguments do not make one. */
  Event build(HasMetadata object, EventType type, String reason, String message) {
    if (object == null || type == null) {
      LOG.error("Will not report event {} {}: no object or type: {}", type, reason, message);
      return null;
    }
    ObjectReference ref = reference(object);
    if (ref == null) {
      LOG.error(
          "Could not construct a reference to {} (it needs a kind, apiVersion and name). Will not"
              + " report event {} {}: {}",
          object.getClass().getSimpleName(),
          type.value(),
          reason,
          message);
      return null;
    }
    String timestamp = timestamp(clock.instant());
    String namespace = isEmpty(ref.getNamespace()) ? "default" : ref.getNamespace();
    return new EventBuilder()
        .withNewMetadata()
        .withName(names.next(ref.getName()))
        .withNamespace(namespace)
        .endMetadata()
        .withInvolvedObject(ref)
        .withReason(reason)
        .withMessage(message)
        .withType(type.value())
        .withFirstTimestamp(timestamp)
        .withLastTimestamp(timestamp)
        .withCount(1)
        .withNewSource()
        .withComponent(component)
        .withHost(isEmpty(host) ? null : host)
        .endSource()
        .withReportingComponent(component)
        .withReportingInstance(isEmpty(host) ? null : host)
        .build();
  }

  /** A reference to the object, or null when it lacks what a reference needs. */
  static ObjectReference reference(HasMetadata object) {
    ObjectMeta meta = object.getMetadata();
    if (meta == null
        || isEmpty(meta.getName())
        || isEmpty(object.getKind())
        || isEmpty(object.getApiVersion())) {
      return null;
    }
    return new ObjectReferenceBuilder()
        .withApiVersion(object.getApiVersion())
        .withKind(object.getKind())
        .withNamespace(isEmpty(meta.getNamespace()) ? null : meta.getNamespace())
        .withName(meta.getName())
        .withUid(meta.getUid())
        .withResourceVersion(meta.getResourceVersion())
        .build();
  }

  /** The message: the pattern formatted with the arguments, or the pattern itself without any. */
  static String message(String messageFmt, Object... args) {
    if (messageFmt == null) {
      return "";
    }
    if (args == null || args.length == 0) {
      return messageFmt;
    }
    try {
      return String.format(Locale.ROOT, messageFmt, args);
    } catch (IllegalFormatException e) {
      LOG.debug("Bad event message format {}", messageFmt, e);
      return messageFmt + " " + Arrays.toString(args);
    }
  }

  /** A Kubernetes {@code metav1.Time}: RFC 3339 in UTC with whole seconds. */
  static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }
}
