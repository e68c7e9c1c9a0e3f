package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Event validation shared by core/v1 and events.k8s.io/v1, after kube's {@code events.go}. kube
 * validates both API versions on its internal event type, so errors name the internal fields
 * ({@code involvedObject}, {@code message}, {@code source}...) whichever version was written.
 */
final class EventValidator {

  static final int REPORTING_INSTANCE_LIMIT = 128;
  static final int ACTION_LIMIT = 128;
  static final int REASON_LIMIT = 128;
  static final int NOTE_LIMIT = 1024;

  /** An event in kube's internal shape. Times are RFC 3339 strings, null when unset. */
  record Fields(
      ObjectMeta meta,
      ObjectReference involvedObject,
      String reason,
      String message,
      EventSource source,
      String firstTimestamp,
      String lastTimestamp,
      int count,
      String type,
      String eventTime,
      boolean hasSeries,
      int seriesCount,
      String seriesLastObservedTime,
      String action,
      ObjectReference related,
      String reportingController,
      String reportingInstance) {

    String namespace() {
      return meta == null ? "" : ObjectMetaValidator.nullToEmpty(meta.getNamespace());
    }

    String involvedNamespace() {
      return involvedObject == null
          ? ""
          : ObjectMetaValidator.nullToEmpty(involvedObject.getNamespace());
    }
  }

  private EventValidator() {}

  /** The checks every event passes, whatever API version wrote it. */
  static List<FieldError> legacy(Fields e) {
    List<FieldError> errs = new ArrayList<>();
    String ns = e.namespace();
    String involvedNs = e.involvedNamespace();
    if (isZero(e.eventTime())) {
      // old-style events: the namespace must match the involved object's
      if (involvedNs.isEmpty()) {
        if (!ns.isEmpty() && !ns.equals("default")) {
          errs.add(
              FieldError.invalid(
                  "involvedObject.namespace", involvedNs, "does not match event.namespace"));
        }
      } else if (!ns.equals(involvedNs)) {
        errs.add(
            FieldError.invalid(
                "involvedObject.namespace", involvedNs, "does not match event.namespace"));
      }
    } else {
      if (involvedNs.isEmpty() && !ns.equals("default") && !ns.equals("kube-system")) {
        errs.add(
            FieldError.invalid(
                "involvedObject.namespace", involvedNs, "does not match event.namespace"));
      }
      String controller = ObjectMetaValidator.nullToEmpty(e.reportingController());
      if (controller.isEmpty()) {
        errs.add(FieldError.required("reportingController", ""));
      }
      for (String msg : Names.isQualifiedName(controller)) {
        errs.add(FieldError.invalid("reportingController", controller, msg));
      }
      lengthRequired(errs, e.reportingInstance(), "reportingInstance", REPORTING_INSTANCE_LIMIT);
      lengthRequired(errs, e.action(), "action", ACTION_LIMIT);
      lengthRequired(errs, e.reason(), "reason", REASON_LIMIT);
      if (Names.byteLength(ObjectMetaValidator.nullToEmpty(e.message())) > NOTE_LIMIT) {
        errs.add(
            FieldError.invalid("message", "", "can have at most " + NOTE_LIMIT + " characters"));
      }
    }
    for (String msg : Names.isDns1123Subdomain(ns)) {
      errs.add(FieldError.invalid("namespace", ns, msg));
    }
    return errs;
  }

  /** Extra checks for events created through events.k8s.io/v1. */
  static List<FieldError> strictCreate(Fields e) {
    List<FieldError> errs = new ArrayList<>(legacy(e));
    errs.addAll(
        ObjectMetaValidator.validateCreate(e.meta(), true, NameRule.DNS1123_SUBDOMAIN, true));
    errs.addAll(series(e));
    if (isZero(e.eventTime())) {
      errs.add(FieldError.required("eventTime", ""));
    }
    String type = ObjectMetaValidator.nullToEmpty(e.type());
    if (!type.equals("Normal") && !type.equals("Warning")) {
      errs.add(FieldError.invalid("type", "", "has invalid value: " + type));
    }
    if (!isZero(e.firstTimestamp())) {
      errs.add(FieldError.invalid("firstTimestamp", "", "needs to be unset"));
    }
    if (!isZero(e.lastTimestamp())) {
      errs.add(FieldError.invalid("lastTimestamp", "", "needs to be unset"));
    }
    if (e.count() != 0) {
      errs.add(FieldError.invalid("count", "", "needs to be unset"));
    }
    EventSource source = e.source();
    if (source != null
        && (!PodDefaults.isEmpty(source.getComponent())
            || !PodDefaults.isEmpty(source.getHost()))) {
      errs.add(FieldError.invalid("source", "", "needs to be unset"));
    }
    return errs;
  }

  /** Extra checks for events updated through events.k8s.io/v1: almost nothing may change. */
  static List<FieldError> strictUpdate(Fields e, Fields old) {
    List<FieldError> errs = new ArrayList<>(legacy(e));
    errs.addAll(ObjectMetaValidator.validateUpdate(e.meta(), old.meta(), true));
    boolean seriesChanged =
        e.hasSeries() != old.hasSeries()
            || e.seriesCount() != old.seriesCount()
            || !Objects.equals(e.seriesLastObservedTime(), old.seriesLastObservedTime());
    if (seriesChanged) {
      errs.addAll(series(e));
    }
    immutable(
        errs,
        "involvedObject",
        e.involvedObject(),
        old.involvedObject(),
        reference(e.involvedObject()));
    immutable(errs, "reason", nz(e.reason()), nz(old.reason()), nz(e.reason()));
    immutable(errs, "message", nz(e.message()), nz(old.message()), nz(e.message()));
    immutable(
        errs, "source", source(e.source()), source(old.source()), new GoValue(source(e.source())));
    immutable(
        errs,
        "firstTimestamp",
        nz(e.firstTimestamp()),
        nz(old.firstTimestamp()),
        GoValue.time(e.firstTimestamp()));
    immutable(
        errs,
        "lastTimestamp",
        nz(e.lastTimestamp()),
        nz(old.lastTimestamp()),
        GoValue.time(e.lastTimestamp()));
    immutable(errs, "count", e.count(), old.count(), e.count());
    immutable(errs, "reason", nz(e.reason()), nz(old.reason()), nz(e.reason()));
    immutable(errs, "type", nz(e.type()), nz(old.type()), nz(e.type()));
    immutable(
        errs, "eventTime", nz(e.eventTime()), nz(old.eventTime()), GoValue.time(e.eventTime()));
    immutable(errs, "action", nz(e.action()), nz(old.action()), nz(e.action()));
    immutable(
        errs,
        "related",
        e.related(),
        old.related(),
        e.related() == null ? new GoValue("null") : reference(e.related()));
    immutable(
        errs,
        "reportingController",
        nz(e.reportingController()),
        nz(old.reportingController()),
        nz(e.reportingController()));
    immutable(
        errs,
        "reportingInstance",
        nz(e.reportingInstance()),
        nz(old.reportingInstance()),
        nz(e.reportingInstance()));
    return errs;
  }

  private static List<FieldError> series(Fields e) {
    List<FieldError> errs = new ArrayList<>();
    if (e.hasSeries()) {
      if (e.seriesCount() < 2) {
        errs.add(FieldError.invalid("series.count", "", "should be at least 2"));
      }
      if (isZero(e.seriesLastObservedTime())) {
        errs.add(FieldError.required("series.lastObservedTime", ""));
      }
    }
    return errs;
  }

  private static void lengthRequired(List<FieldError> errs, String value, String field, int limit) {
    String v = ObjectMetaValidator.nullToEmpty(value);
    if (v.isEmpty()) {
      errs.add(FieldError.required(field, ""));
    }
    if (Names.byteLength(v) > limit) {
      errs.add(FieldError.invalid(field, "", "can have at most " + limit + " characters"));
    }
  }

  private static void immutable(
      List<FieldError> errs, String field, Object now, Object before, Object rendered) {
    if (!Objects.equals(now, before)) {
      errs.add(FieldError.invalid(field, rendered, ObjectMetaValidator.FIELD_IMMUTABLE));
    }
  }

  static String time(MicroTime t) {
    return t == null ? null : t.getTime();
  }

  private static boolean isZero(String time) {
    return time == null || time.isEmpty();
  }

  private static String nz(String s) {
    return ObjectMetaValidator.nullToEmpty(s);
  }

  private static GoValue reference(ObjectReference r) {
    ObjectReference ref = r == null ? new ObjectReference() : r;
    return new GoValue(
        "core.ObjectReference{Kind:"
            + GoValue.quote(ref.getKind())
            + ", Namespace:"
            + GoValue.quote(ref.getNamespace())
            + ", Name:"
            + GoValue.quote(ref.getName())
            + ", UID:"
            + GoValue.quote(ref.getUid())
            + ", APIVersion:"
            + GoValue.quote(ref.getApiVersion())
            + ", ResourceVersion:"
            + GoValue.quote(ref.getResourceVersion())
            + ", FieldPath:"
            + GoValue.quote(ref.getFieldPath())
            + "}");
  }

  private static String source(EventSource s) {
    EventSource src = s == null ? new EventSource() : s;
    return "core.EventSource{Component:"
        + GoValue.quote(src.getComponent())
        + ", Host:"
        + GoValue.quote(src.getHost())
        + "}";
  }
}
