package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventBroadcasterTest {

  static KubernetesClient offline;

  @BeforeAll
  static void client() {
    offline = new KubernetesClientBuilder().build();
  }

  @AfterAll
  static void close() {
    offline.close();
  }

  static final Pod POD =
      new PodBuilder()
          .withNewMetadata()
          .withNamespace("ns")
          .withName("web-1")
          .withUid("u-1")
          .endMetadata()
          .build();

  /** Records what is written; fails the next calls with the queued failures. */
  static final class FakeSink implements EventSink {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Event> stored = new CopyOnWriteArrayList<>();
    final Queue<RuntimeException> failures = new ArrayDeque<>();
    volatile CountDownLatch entered;
    volatile CountDownLatch release;

    synchronized RuntimeException nextFailure() {
      return failures.poll();
    }

    synchronized void fail(RuntimeException... es) {
      failures.addAll(List.of(es));
    }

    private Event write(String call, Event event) {
      calls.add(call + " " + event.getMetadata().getName() + " " + event.getCount());
      if (entered != null) {
        entered.countDown();
      }
      if (release != null) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      RuntimeException failure = nextFailure();
      if (failure != null) {
        throw failure;
      }
      Event e =
          new EventBuilder(event).editMetadata().withResourceVersion("1").endMetadata().build();
      stored.add(e);
      return e;
    }

    @Override
    public Event create(Event event) {
      return write("create", event);
    }

    @Override
    public Event patch(Event event, String mergePatch) {
      return write("patch", event);
    }
  }

  static KubernetesClientException status(int code, String reason) {
    return new KubernetesClientException(
        new StatusBuilder().withCode(code).withReason(reason).withMessage(reason).build());
  }

  final EventTestClock clock = new EventTestClock(Instant.parse("2026-01-02T03:04:05Z"));
  final FakeSink sink = new FakeSink();

  EventBroadcaster broadcaster(int capacity) {
    return EventBroadcaster.builder(offline)
        .sink(sink)
        .clock(clock)
        .host("h")
        .queueCapacity(capacity)
        .retries(3, Duration.ZERO)
        .build();
  }

  @Test
  void transientFailuresAreRetried() {
    sink.fail(
        new KubernetesClientException("connection refused"), status(503, "ServiceUnavailable"));
    try (EventBroadcaster b = broadcaster(10)) {
      b.recorder("ctl").normal(POD, "Started", "ok");
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.stored.size() == 1);
      assertThat(sink.calls).hasSize(3);
    }
  }

  @Test
  void rejectedEventsAreNotRetried() {
    sink.fail(status(422, "Invalid"));
    try (EventBroadcaster b = broadcaster(10)) {
      EventRecorder r = b.recorder("ctl");
      r.normal(POD, "Started", "bad");
      r.normal(POD, "Started", "good");
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.stored.size() == 1);
      assertThat(sink.calls).hasSize(2);
      assertThat(sink.stored.getFirst().getMessage()).isEqualTo("good");
    }
  }

  @Test
  void retriesAreBounded() {
    sink.fail(
        status(500, "InternalError"), status(500, "InternalError"), status(500, "InternalError"));
    try (EventBroadcaster b = broadcaster(10)) {
      EventRecorder r = b.recorder("ctl");
      r.normal(POD, "Started", "lost");
      r.normal(POD, "Started", "kept");
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.stored.size() == 1);
      assertThat(sink.calls).hasSize(4);
      assertThat(sink.stored.getFirst().getMessage()).isEqualTo("kept");
    }
  }

  @Test
  void aRepeatIsAPatchAndAGoneEventIsCreatedAgainWithItsCount() {
    try (EventBroadcaster b = broadcaster(10)) {
      EventRecorder r = b.recorder("ctl");
      r.warning(POD, "BackOff", "restarting");
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.stored.size() == 1);
      String name = sink.stored.getFirst().getMetadata().getName();

      sink.fail(status(404, "NotFound"));
      clock.step(Duration.ofMinutes(1));
      r.warning(POD, "BackOff", "restarting");
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.stored.size() == 2);
      assertThat(sink.calls)
          .containsExactly(
              "create " + name + " 1", "patch " + name + " 2", "create " + name + " 2");
      assertThat(sink.stored.get(1).getLastTimestamp()).isEqualTo("2026-01-02T03:05:05Z");
      assertThat(sink.stored.get(1).getMetadata().getResourceVersion()).isEqualTo("1");
    }
  }

  @Test
  void recordingDoesNotWaitForTheServerAndAFullQueueDrops() throws Exception {
    sink.entered = new CountDownLatch(1);
    sink.release = new CountDownLatch(1);
    EventBroadcaster b = broadcaster(2);
    EventRecorder r = b.recorder("ctl");
    r.normal(POD, "R0", "in flight");
    assertThat(sink.entered.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 1; i <= 10; i++) {
      r.normal(POD, "R" + i, "queued or dropped");
    }
    assertThat(b.dropped()).isEqualTo(8);
    sink.release.countDown();
    b.close();
    assertThat(sink.stored).extracting(Event::getReason).containsExactly("R0", "R1", "R2");
    r.normal(POD, "Late", "after close");
    assertThat(b.dropped()).isEqualTo(9);
  }

  @Test
  void closingDoesNotWaitOutRetries() {
    for (int i = 0; i < 10; i++) {
      sink.fail(status(503, "ServiceUnavailable"));
    }
    EventBroadcaster b =
        EventBroadcaster.builder(offline)
            .sink(sink)
            .clock(clock)
            .host("h")
            .retries(10, Duration.ofHours(1))
            .random(() -> 1.0)
            .build();
    b.recorder("ctl").normal(POD, "R", "m");
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.calls.size() == 1);
    b.close(); // would otherwise sleep for an hour before the second attempt
    assertThat(sink.calls).hasSize(1);
  }

  @Test
  void componentsMustBeNamed() {
    try (EventBroadcaster b = broadcaster(1)) {
      assertThatThrownBy(() -> b.recorder(" ")).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
