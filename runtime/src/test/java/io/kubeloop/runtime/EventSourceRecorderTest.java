package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventSourceRecorderTest {

  final EventTestClock clock = new EventTestClock(Instant.parse("2026-01-02T03:04:05.999Z"));
  final EventSourceRecorder recorder =
      new EventSourceRecorder(null, "ctl", "host-1", clock, new EventNames(clock));

  @Test
  void theEventRefersToTheObjectAndNamesItsSource() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withNamespace("ns")
            .withName("web-1")
            .withUid("u-1")
            .withResourceVersion("5")
            .endMetadata()
            .build();
    Event e = recorder.build(pod, EventType.WARNING, "BackOff", "restarting");
    assertThat(e.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(e.getMetadata().getName()).matches("web-1\\.[0-9a-f]{16}");
    assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("v1");
    assertThat(e.getInvolvedObject().getKind()).isEqualTo("Pod");
    assertThat(e.getInvolvedObject().getNamespace()).isEqualTo("ns");
    assertThat(e.getInvolvedObject().getName()).isEqualTo("web-1");
    assertThat(e.getInvolvedObject().getUid()).isEqualTo("u-1");
    assertThat(e.getInvolvedObject().getResourceVersion()).isEqualTo("5");
    assertThat(e.getType()).isEqualTo("Warning");
    assertThat(e.getReason()).isEqualTo("BackOff");
    assertThat(e.getMessage()).isEqualTo("restarting");
    assertThat(e.getCount()).isEqualTo(1);
    assertThat(e.getFirstTimestamp()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(e.getLastTimestamp()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(e.getSource().getComponent()).isEqualTo("ctl");
    assertThat(e.getSource().getHost()).isEqualTo("host-1");
    assertThat(e.getReportingComponent()).isEqualTo("ctl");
    assertThat(e.getReportingInstance()).isEqualTo("host-1");
    assertThat(e.getEventTime()).isNull();
  }

  @Test
  void eventsAboutClusterScopedObjectsGoToDefault() {
    Event e =
        recorder.build(
            new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build(),
            EventType.NORMAL,
            "Ready",
            "ok");
    assertThat(e.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(e.getInvolvedObject().getNamespace()).isNull();
  }

  @Test
  void objectsThatCannotBeReferencedAreDropped() {
    assertThat(recorder.build(new GenericKubernetesResource(), EventType.NORMAL, "R", "m"))
        .isNull();
    assertThat(recorder.build(null, EventType.NORMAL, "R", "m")).isNull();
    assertThat(
            recorder.build(
                new PodBuilder().withNewMetadata().withName("p").endMetadata().build(),
                null,
                "R",
                "m"))
        .isNull();
  }

  @Test
  void messagesAreFormattedOnlyWithArguments() {
    assertThat(EventSourceRecorder.message("100% done")).isEqualTo("100% done");
    assertThat(EventSourceRecorder.message("%d of %s", 3, "pods")).isEqualTo("3 of pods");
    assertThat(EventSourceRecorder.message("%d broken", "x")).isEqualTo("%d broken [x]");
    assertThat(EventSourceRecorder.message(null)).isEmpty();
  }

  @Test
  void recordingNeverThrows() {
    // no broadcaster behind it: submitting fails, and the failure is only logged
    recorder.event(
        new PodBuilder().withNewMetadata().withName("p").endMetadata().build(),
        EventType.NORMAL,
        "R",
        "m");
    recorder.event(null, null, null, null);
  }
}
