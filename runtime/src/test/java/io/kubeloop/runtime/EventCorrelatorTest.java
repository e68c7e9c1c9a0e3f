package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventCorrelatorTest {

  final EventTestClock clock = new EventTestClock(Instant.parse("2026-01-02T03:04:05.678Z"));
  final EventNames names = new EventNames(clock);
  final EventSourceRecorder recorder = new EventSourceRecorder(null, "ctl", "host-1", clock, names);

  static final Pod POD =
      new PodBuilder()
          .withNewMetadata()
          .withNamespace("ns")
          .withName("web-1")
          .withUid("u-1")
          .withResourceVersion("5")
          .endMetadata()
          .build();

  EventCorrelator correlator(EventCorrelator.Settings settings) {
    return new EventCorrelator(settings, clock, names);
  }

  EventCorrelator correlator() {
    return correlator(EventCorrelator.Settings.defaults());
  }

  Event event(String reason, String message) {
    return recorder.build(POD, EventType.NORMAL, reason, message);
  }

  /** Correlates and pretends the server stored it as sent. */
  static EventCorrelation send(EventCorrelator c, Event e) {
    EventCorrelation result = c.correlate(e).orElseThrow();
    Event stored =
        new EventBuilder(result.event())
            .editMetadata()
            .withResourceVersion("9")
            .endMetadata()
            .build();
    c.sent(result.key(), stored);
    return result;
  }

  @Test
  void anIdenticalEventPatchesTheCountOfTheFirst() {
    EventCorrelator c = correlator();
    EventCorrelation first = send(c, event("Pulled", "image x"));
    assertThat(first.patch()).isNull();
    assertThat(first.event().getCount()).isEqualTo(1);
    assertThat(first.event().getFirstTimestamp()).isEqualTo("2026-01-02T03:04:05Z");

    clock.step(Duration.ofSeconds(30));
    EventCorrelation second = send(c, event("Pulled", "image x"));
    assertThat(second.event().getMetadata().getName())
        .isEqualTo(first.event().getMetadata().getName());
    assertThat(second.event().getCount()).isEqualTo(2);
    assertThat(second.event().getFirstTimestamp()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(second.event().getLastTimestamp()).isEqualTo("2026-01-02T03:04:35Z");
    assertThat(second.patch())
        .isEqualTo(
            "{\"count\":2,\"lastTimestamp\":\"2026-01-02T03:04:35Z\",\"message\":\"image x\"}");

    clock.step(Duration.ofSeconds(30));
    assertThat(send(c, event("Pulled", "image x")).event().getCount()).isEqualTo(3);
  }

  @Test
  void aRepeatAfterTheWindowIsANewEvent() {
    EventCorrelator c = correlator();
    EventCorrelation first = send(c, event("Pulled", "image x"));
    clock.step(Duration.ofMinutes(59));
    assertThat(send(c, event("Pulled", "image x")).patch()).isNotNull();
    clock.step(Duration.ofMinutes(61));
    EventCorrelation later = send(c, event("Pulled", "image x"));
    assertThat(later.patch()).isNull();
    assertThat(later.event().getCount()).isEqualTo(1);
    assertThat(later.event().getMetadata().getName())
        .isNotEqualTo(first.event().getMetadata().getName());
  }

  @Test
  void theTenthDistinctMessageIsCombinedAndLaterOnesUpdateTheCombinedEvent() {
    EventCorrelator c = correlator();
    Set<String> names = new HashSet<>();
    for (int i = 1; i <= 9; i++) {
      EventCorrelation e = send(c, event("FailedMount", "volume " + i));
      assertThat(e.patch()).isNull();
      assertThat(e.event().getMessage()).isEqualTo("volume " + i);
      names.add(e.event().getMetadata().getName());
      clock.step(Duration.ofMinutes(1));
    }
    assertThat(names).hasSize(9);

    EventCorrelation tenth = send(c, event("FailedMount", "volume 10"));
    assertThat(tenth.patch()).isNull();
    assertThat(tenth.event().getMessage()).isEqualTo("(combined from similar events): volume 10");
    assertThat(tenth.event().getCount()).isEqualTo(1);
    assertThat(names).doesNotContain(tenth.event().getMetadata().getName());
    assertThat(tenth.event().getMetadata().getName()).startsWith("web-1.");
    assertThat(tenth.event().getReason()).isEqualTo("FailedMount");

    clock.step(Duration.ofMinutes(1));
    EventCorrelation eleventh = send(c, event("FailedMount", "volume 11"));
    assertThat(eleventh.event().getMetadata().getName())
        .isEqualTo(tenth.event().getMetadata().getName());
    assertThat(eleventh.event().getCount()).isEqualTo(2);
    assertThat(eleventh.patch())
        .contains("\"message\":\"(combined from similar events): volume 11\"");

    // another reason is not similar
    assertThat(send(c, event("Pulled", "image")).event().getMessage()).isEqualTo("image");
  }

  @Test
  void similarEventsStartOverAfterAQuietWindow() {
    EventCorrelator c = correlator();
    for (int i = 1; i <= 9; i++) {
      send(c, event("FailedMount", "volume " + i));
    }
    clock.step(Duration.ofMinutes(11));
    EventCorrelation e = send(c, event("FailedMount", "volume 10"));
    assertThat(e.event().getMessage()).isEqualTo("volume 10");
  }

  @Test
  void theSpamFilterAllowsABurstThenOneEventPerRefill() {
    EventCorrelator c = correlator();
    int passed = 0;
    for (int i = 0; i < 30; i++) {
      if (c.correlate(event("Pulled", "image x")).isPresent()) {
        passed++;
      }
    }
    assertThat(passed).isEqualTo(25);

    clock.step(Duration.ofMinutes(5));
    Optional<EventCorrelation> next = c.correlate(event("Pulled", "image x"));
    // counting went on while events were dropped: the next patch reports all 31
    assertThat(next).get().extracting(r -> r.event().getCount()).isEqualTo(31);
    assertThat(c.correlate(event("Pulled", "image x"))).isEmpty();

    // another object has its own bucket
    Pod other =
        new PodBuilder(POD).editMetadata().withName("web-2").withUid("u-2").endMetadata().build();
    assertThat(c.correlate(recorder.build(other, EventType.NORMAL, "Pulled", "image x")))
        .isPresent();
  }

  @Test
  void aFullyRefilledBucketIsForgottenWithoutChangingTheOutcome() {
    EventCorrelator c = correlator();
    for (int i = 0; i < 25; i++) {
      assertThat(c.correlate(event("R" + i, "m"))).isPresent();
    }
    assertThat(c.correlate(event("Rx", "m"))).isEmpty();
    clock.step(Duration.ofMinutes(5 * 25 + 1));
    for (int i = 0; i < 25; i++) {
      assertThat(c.correlate(event("S" + i, "m"))).as("event %d", i).isPresent();
    }
  }

  @Test
  void withoutTheSpamFilterEverythingPasses() {
    EventCorrelator.Settings d = EventCorrelator.Settings.defaults();
    EventCorrelator c =
        correlator(
            new EventCorrelator.Settings(
                d.cacheSize(),
                d.maxSimilar(),
                d.similarWindow(),
                d.dedupWindow(),
                0,
                d.spamRefill()));
    for (int i = 0; i < 100; i++) {
      assertThat(c.correlate(event("Pulled", "image x"))).isPresent();
    }
  }

  @Test
  void theCallersEventIsNotModified() {
    EventCorrelator c = correlator();
    send(c, event("Pulled", "image x"));
    Event again = event("Pulled", "image x");
    String name = again.getMetadata().getName();
    c.correlate(again);
    assertThat(again.getCount()).isEqualTo(1);
    assertThat(again.getMetadata().getName()).isEqualTo(name);
  }

  @Test
  void namesAreUniqueEvenAtOneInstant() {
    String a = names.next("obj");
    String b = names.next("obj");
    assertThat(a).isNotEqualTo(b).matches("obj\\.[0-9a-f]+");
    assertThat(Long.parseLong(b.substring(4), 16))
        .isEqualTo(Long.parseLong(a.substring(4), 16) + 1);
    // the suffix is the clock in nanoseconds, as client-go's
    assertThat(Long.parseLong(a.substring(4), 16))
        .isEqualTo(Instant.parse("2026-01-02T03:04:05.678Z").toEpochMilli() * 1_000_000L);
  }
}
