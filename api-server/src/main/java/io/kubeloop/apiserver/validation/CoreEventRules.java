package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSeries;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * core/v1 Event. kube keeps this version lenient for old clients: only its legacy event checks
 * apply (namespace agreement, and for new-style events with {@code eventTime} the reporting
 * fields). Metadata gets the generic checks with a path-segment name rule, as kube's storage would
 * otherwise be the only gate on the name.
 */
final class CoreEventRules implements TypeRules<Event> {

  @Override
  public Class<Event> type() {
    return Event.class;
  }

  @Override
  public String group() {
    return "";
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
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateCreate(
                event.getMetadata(), true, NameRule.PATH_SEGMENT, true));
    errs.addAll(EventValidator.legacy(fields(event)));
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(Event event, Event old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateUpdate(event.getMetadata(), old.getMetadata(), true));
    errs.addAll(EventValidator.legacy(fields(event)));
    return errs;
  }

  static EventValidator.Fields fields(Event e) {
    EventSeries series = e.getSeries();
    return new EventValidator.Fields(
        e.getMetadata(),
        e.getInvolvedObject() == null ? new ObjectReference() : e.getInvolvedObject(),
        e.getReason(),
        e.getMessage(),
        e.getSource(),
        e.getFirstTimestamp(),
        e.getLastTimestamp(),
        e.getCount() == null ? 0 : e.getCount(),
        e.getType(),
        EventValidator.time(e.getEventTime()),
        series != null,
        series == null || series.getCount() == null ? 0 : series.getCount(),
        series == null ? null : EventValidator.time(series.getLastObservedTime()),
        e.getAction(),
        e.getRelated(),
        e.getReportingComponent(),
        e.getReportingInstance());
  }
}
