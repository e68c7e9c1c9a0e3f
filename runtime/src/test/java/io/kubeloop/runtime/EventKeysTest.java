package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import org.junit.jupiter.api.Test;

class EventKeysTest {

  static Event event(String name, String type, String reason, String message) {
    return new EventBuilder()
        .withNewInvolvedObject()
        .withApiVersion("v1")
        .withKind("Pod")
        .withNamespace("ns")
        .withName(name)
        .withUid("uid-" + name)
        .endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withNewSource()
        .withComponent("ctl")
        .withHost("h")
        .endSource()
        .withReportingComponent("ctl")
        .withReportingInstance("h")
        .build();
  }

  @Test
  void identicalEventsShareEveryKey() {
    Event a = event("p", "Normal", "Pulled", "image x");
    Event b = event("p", "Normal", "Pulled", "image x");
    assertThat(EventKeys.event(a)).isEqualTo(EventKeys.event(b));
    assertThat(EventKeys.aggregate(a)).isEqualTo(EventKeys.aggregate(b));
    assertThat(EventKeys.spam(a)).isEqualTo(EventKeys.spam(b));
  }

  @Test
  void aDifferentMessageIsSimilarNotIdentical() {
    Event a = event("p", "Normal", "Pulled", "image x");
    Event b = event("p", "Normal", "Pulled", "image y");
    assertThat(EventKeys.event(a)).isNotEqualTo(EventKeys.event(b));
    assertThat(EventKeys.aggregate(a)).isEqualTo(EventKeys.aggregate(b));
  }

  @Test
  void typeAndReasonSeparateAggregatesButNotTheSpamBucket() {
    Event a = event("p", "Normal", "Pulled", "m");
    Event warning = event("p", "Warning", "Pulled", "m");
    Event reason = event("p", "Normal", "Failed", "m");
    assertThat(EventKeys.aggregate(warning)).isNotEqualTo(EventKeys.aggregate(a));
    assertThat(EventKeys.aggregate(reason)).isNotEqualTo(EventKeys.aggregate(a));
    assertThat(EventKeys.spam(warning)).isEqualTo(EventKeys.spam(a));
    assertThat(EventKeys.spam(reason)).isEqualTo(EventKeys.spam(a));
    assertThat(EventKeys.spam(event("q", "Normal", "Pulled", "m"))).isNotEqualTo(EventKeys.spam(a));
  }

  @Test
  void fieldBoundariesMatter() {
    // joined without a separator these would collide, as in client-go
    Event a = event("p", "Normal", "ab", "c");
    Event b = event("p", "Normal", "a", "bc");
    assertThat(EventKeys.event(a)).isNotEqualTo(EventKeys.event(b));
  }

  @Test
  void missingPartsDoNotFail() {
    assertThat(EventKeys.event(new Event())).isNotNull();
    assertThat(EventKeys.aggregate(new Event())).isNotNull();
    assertThat(EventKeys.spam(new Event())).isNotNull();
  }
}
