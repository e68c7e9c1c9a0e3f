package io.kubeloop.apiserver.validation;

import static io.kubeloop.apiserver.validation.Fixtures.create;
import static io.kubeloop.apiserver.validation.Fixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventSeriesBuilder;
import org.junit.jupiter.api.Test;

class EventRulesTest {

  static Event coreEvent() {
    return new EventBuilder()
        .withNewMetadata()
        .withName("web.17a2b3c4d5e6f")
        .withNamespace("default")
        .endMetadata()
        .withInvolvedObject(
            new ObjectReferenceBuilder()
                .withKind("Pod")
                .withName("web")
                .withNamespace("default")
                .build())
        .withReason("Scheduled")
        .withMessage("Successfully assigned default/web to node-1")
        .withType("Normal")
        .build();
  }

  @Test
  void coreEventsAreLenient() {
    assertThat(create(Event.class, coreEvent())).isEmpty();
    Event other = coreEvent();
    other.getInvolvedObject().setNamespace("kube-system");
    assertThat(create(Event.class, other))
        .containsExactly(
            "involvedObject.namespace: Invalid value: \"kube-system\": does not match event.namespace");
    Event noReason = coreEvent();
    noReason.setReason(null);
    assertThat(create(Event.class, noReason)).isEmpty();
  }

  @Test
  void coreEventsWithEventTimeNeedReportingFields() {
    Event e = coreEvent();
    e.setEventTime(new MicroTime("2025-01-01T00:00:00.000000Z"));
    assertThat(create(Event.class, e))
        .containsExactly(
            "reportingController: Required value",
            "reportingController: Invalid value: \"\": name part must be non-empty",
            "reportingController: Invalid value: \"\": " + NamesTest.NAME_PART_MSG,
            "reportingInstance: Required value",
            "action: Required value");
  }

  static io.fabric8.kubernetes.api.model.events.v1.Event v1Event() {
    return new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
        .withNewMetadata()
        .withName("web.17a2b3c4d5e6f")
        .withNamespace("default")
        .endMetadata()
        .withRegarding(
            new ObjectReferenceBuilder()
                .withKind("Pod")
                .withName("web")
                .withNamespace("default")
                .build())
        .withEventTime(new MicroTime("2025-01-01T00:00:00.000000Z"))
        .withReportingController("kubeloop.io/scheduler")
        .withReportingInstance("scheduler-1")
        .withAction("Binding")
        .withReason("Scheduled")
        .withNote("assigned")
        .withType("Normal")
        .build();
  }

  @Test
  void eventsV1AreStrict() {
    Class<io.fabric8.kubernetes.api.model.events.v1.Event> type =
        io.fabric8.kubernetes.api.model.events.v1.Event.class;
    assertThat(create(type, v1Event())).isEmpty();
    var e = v1Event();
    e.setEventTime(null);
    e.setType("Info");
    e.setDeprecatedCount(3);
    e.setSeries(new EventSeriesBuilder().withCount(1).build());
    assertThat(create(type, e))
        .containsExactly(
            "series.count: Invalid value: \"\": should be at least 2",
            "series.lastObservedTime: Required value",
            "eventTime: Required value",
            "type: Invalid value: \"\": has invalid value: Info",
            "count: Invalid value: \"\": needs to be unset");
  }

  @Test
  void notesAreShort() {
    var e = v1Event();
    e.setNote("x".repeat(1025));
    assertThat(create(io.fabric8.kubernetes.api.model.events.v1.Event.class, e))
        .containsExactly("message: Invalid value: \"\": can have at most 1024 characters");
  }

  @Test
  void eventsV1AreMostlyImmutable() {
    Class<io.fabric8.kubernetes.api.model.events.v1.Event> type =
        io.fabric8.kubernetes.api.model.events.v1.Event.class;
    var old = v1Event();
    old.getMetadata().setResourceVersion("1");
    var e = v1Event();
    e.getMetadata().setResourceVersion("1");
    e.setNote("changed");
    e.setSeries(
        new EventSeriesBuilder()
            .withCount(2)
            .withLastObservedTime(new MicroTime("2025-01-01T00:01:00.000000Z"))
            .build());
    assertThat(update(type, e, old))
        .containsExactly("message: Invalid value: \"changed\": field is immutable");
  }

  @Test
  void coreEventUpdatesKeepLegacyChecks() {
    Event old = coreEvent();
    old.getMetadata().setResourceVersion("1");
    Event e = coreEvent();
    e.setCount(2);
    e.setMessage("again");
    assertThat(update(Event.class, e, old)).isEmpty();
  }
}
