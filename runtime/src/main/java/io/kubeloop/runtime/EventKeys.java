package io.kubeloop.runtime;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.ObjectReference;

/**
 * The keys events are grouped by, after client-go's {@code tools/record/events_cache.go}:
 *
 * <ul>
 *   <li>{@link #event}: identical events (same source, object, type, reason and message), whose
 *       repeats update one Event's count;
 *   <li>{@link #aggregate}: similar events (the same but for the message), which are combined once
 *       too many distinct messages come in;
 *   <li>{@link #spam}: all events of a source about one object, which share a rate limit.
 * </ul>
 *
 * <p>Fields are joined with a NUL character, which cannot occur in them, so that different field
 * values never make the same key (client-go joins them with nothing). Stateless.
 */
final class EventKeys {

  private static final String SEPARATOR = "\0";

  private EventKeys() {}

  static String event(Event e) {
    ObjectReference o = involved(e);
    return String.join(
        SEPARATOR,
        component(e),
        host(e),
        s(o.getKind()),
        s(o.getNamespace()),
        s(o.getName()),
        s(o.getFieldPath()),
        s(o.getUid()),
        s(o.getApiVersion()),
        s(e.getType()),
        s(e.getReason()),
        s(e.getMessage()));
  }

  static String aggregate(Event e) {
    ObjectReference o = involved(e);
    return String.join(
        SEPARATOR,
        component(e),
        host(e),
        s(o.getKind()),
        s(o.getNamespace()),
        s(o.getName()),
        s(o.getUid()),
        s(o.getApiVersion()),
        s(e.getType()),
        s(e.getReason()),
        s(e.getReportingComponent()),
        s(e.getReportingInstance()));
  }

  static String spam(Event e) {
    ObjectReference o = involved(e);
    return String.join(
        SEPARATOR,
        component(e),
        host(e),
        s(o.getKind()),
        s(o.getNamespace()),
        s(o.getName()),
        s(o.getUid()),
        s(o.getApiVersion()));
  }

  private static ObjectReference involved(Event e) {
    return e.getInvolvedObject() == null ? new ObjectReference() : e.getInvolvedObject();
  }

  private static String component(Event e) {
    EventSource source = e.getSource();
    return source == null ? "" : s(source.getComponent());
  }

  private static String host(Event e) {
    EventSource source = e.getSource();
    return source == null ? "" : s(source.getHost());
  }

  private static String s(String value) {
    return value == null ? "" : value;
  }
}
