package io.kubeloop.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Records core/v1 Events about objects on behalf of one component, like client-go's {@code
 * record.EventRecorder}. Get one from {@link EventBroadcaster#recorder(String)}.
 *
 * <p>Recording never blocks and never throws: the event is queued and sent in the background,
 * repeats are aggregated, and failures are logged. An event that cannot be built (an object without
 * a name or kind) or that does not fit in the full queue is logged and dropped.
 *
 * <p>Implementations are thread-safe.
 *
 * <pre>{@code
 * recorder.event(at, EventType.NORMAL, "Scheduled", "runs %s at %s", at.getSpec().getCommand(), when);
 * recorder.warning(at, "InvalidSchedule", "cannot parse %s", at.getSpec().getSchedule());
 * }</pre>
 */
public interface EventRecorder {

  /**
   * Records an event about {@code object}.
   *
   * <p>The Event refers to the object by apiVersion, kind, namespace, name, uid and
   * resourceVersion, and is created in the object's namespace ({@code default} for a cluster-scoped
   * object).
   *
   * @param object what the event is about; should be as read from the server, so it has a uid
   * @param type {@link EventType#NORMAL} or {@link EventType#WARNING}
   * @param reason why, short and in UpperCamelCase (e.g. {@code FailedCreate}): tools switch on it
   * @param messageFmt a human-readable message, a {@link String#format} pattern when {@code args}
   *     are given and used as is when not
   * @param args the pattern's arguments
   */
  void event(HasMetadata object, EventType type, String reason, String messageFmt, Object... args);

  /** Records a {@link EventType#NORMAL} event; see {@link #event}. */
  default void normal(HasMetadata object, String reason, String messageFmt, Object... args) {
    event(object, EventType.NORMAL, reason, messageFmt, args);
  }

  /** Records a {@link EventType#WARNING} event; see {@link #event}. */
  default void warning(HasMetadata object, String reason, String messageFmt, Object... args) {
    event(object, EventType.WARNING, reason, messageFmt, args);
  }
}
