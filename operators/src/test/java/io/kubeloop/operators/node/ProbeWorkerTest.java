package io.kubeloop.operators.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProbeWorkerTest {

  private final FakeAgentClock clock = new FakeAgentClock(Instant.EPOCH);

  /** A running instance that never changes. */
  private final ContainerHandle running =
      new ContainerHandle() {
        @Override
        public String id() {
          return "id";
        }

        @Override
        public ContainerSnapshot snapshot() {
          return ContainerSnapshot.running(Instant.EPOCH);
        }

        @Override
        public Launch launch() {
          return null;
        }
      };

  /** Steps the clock once the worker waits on it, then waits until the probe ran {@code runs}. */
  private void stepTo(ProbeWorker worker, Duration step, int runs) {
    await().atMost(Duration.ofSeconds(10)).until(clock::hasWaiters);
    clock.step(step);
    await().atMost(Duration.ofSeconds(10)).until(() -> worker.runs() >= runs);
  }

  @Test
  void readinessNeedsSuccessThresholdPassesAndFlipsBackAfterFailureThreshold() {
    AtomicBoolean healthy = new AtomicBoolean(true);
    AtomicInteger flips = new AtomicInteger();
    ProbeWorker.Timing timing =
        ProbeWorker.Timing.of(
            new ProbeBuilder()
                .withInitialDelaySeconds(5)
                .withPeriodSeconds(10)
                .withSuccessThreshold(2)
                .withFailureThreshold(2)
                .build(),
            false);
    ProbeWorker worker =
        new ProbeWorker("t", timing, false, healthy::get, running, clock, flips::incrementAndGet)
            .start();
    try {
      assertThat(worker.succeeded()).isFalse();
      stepTo(worker, Duration.ofSeconds(5), 1);
      assertThat(worker.succeeded()).isFalse(); // one success of two
      stepTo(worker, Duration.ofSeconds(10), 2);
      assertThat(worker.succeeded()).isTrue();
      healthy.set(false);
      stepTo(worker, Duration.ofSeconds(10), 3);
      assertThat(worker.succeeded()).isTrue();
      stepTo(worker, Duration.ofSeconds(10), 4);
      assertThat(worker.succeeded()).isFalse();
      assertThat(flips).hasValue(2);
    } finally {
      worker.stop();
    }
  }

  @Test
  void livenessStartsHealthyAndDefaultsApply() {
    ProbeWorker.Timing timing = ProbeWorker.Timing.of(new ProbeBuilder().build(), true);
    assertThat(timing.period()).isEqualTo(Duration.ofSeconds(10));
    assertThat(timing.initialDelay()).isZero();
    assertThat(timing.failureThreshold()).isEqualTo(3);
    assertThat(timing.successThreshold()).isEqualTo(1);
    ProbeWorker worker =
        new ProbeWorker("t", timing, true, () -> false, running, clock, () -> {}).start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> worker.runs() >= 1);
      assertThat(worker.succeeded()).isTrue();
      stepTo(worker, Duration.ofSeconds(10), 2);
      stepTo(worker, Duration.ofSeconds(10), 3);
      assertThat(worker.succeeded()).isFalse();
    } finally {
      worker.stop();
    }
  }
}
