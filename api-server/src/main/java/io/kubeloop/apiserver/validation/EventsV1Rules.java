package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventSeries;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.List;

/**
 * events.k8s.io/v1 Event: kube's strict event validation (eventTime, reporting controller and
 * instance, action, reason, type required; deprecated fields unset; nearly everything immutable).
 */
final class EventsV1Rules implements TypeRules<Event> {

  @Override
  public Class<Event> type() {
    return Event.class;
  }

  @Override
  public String group() {
    return "events.k8s.io";
  }

  @Override
  public String kind() {
    return "Event";
  }

  @Override
  public boolean namespaced() {
    return true;
  }

  @Override
  public void applyDefaults(Event event) {
    // kube has no defaults for events
  }

  @Override
  public List<FieldError> validate(Event event) {
    return EventValidator.strictCreate(fields(event));
  }

  @Override
  public List<FieldError> validateUpdate(Event event, Event old) {
    return EventValidator.strictUpdate(fields(event), fields(old));
  }

  private static EventValidator.Fields fields(Event e) {
    EventSeries series = e.getSeries();
    return new EventValidator.Fields(
        e.getMetadata(),
        e.getRegarding() == null ? new ObjectReference() : e.getRegarding(),
        e.getReason(),
        e.getNote(),
        e.getDeprecatedSource(),
        e.getDeprecatedFirstTimestamp(),
        e.getDeprecatedLastTimestamp(),
        e.getDeprecatedCount() == null ? 0 : e.getDeprecatedCount(),
        e.getType(),
        EventValidator.time(e.getEventTime()),
        series != null,
        series == null || series.getCount() == null ? 0 : series.getCount(),
        series == null ? null : EventValidator.time(series.getLastObservedTime()),
        e.getAction(),
        e.getRelated(),
        e.getReportingController(),
        e.getReportingInstance());
  }
}
