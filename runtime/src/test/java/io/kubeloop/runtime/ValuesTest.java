package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.kubeloop.workqueue.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Requests, leader election options and the wall clock. */
class ValuesTest {

  @Test
  void requestKeysLikeClientGo() {
    assertThat(Request.of("ns", "a")).hasToString("ns/a");
    assertThat(Request.of("node-1")).hasToString("node-1");
    assertThat(new Request(null, "x").namespace()).isEmpty();
    assertThat(Request.of("x").clusterScoped()).isTrue();
    assertThat(
            Request.of(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withNamespace("n")
                    .withName("c")
                    .endMetadata()
                    .build()))
        .isEqualTo(Request.of("n", "c"));
    assertThat(
            Request.of(
                new NamespaceBuilder().withNewMetadata().withName("team").endMetadata().build()))
        .isEqualTo(Request.of("", "team"));
    assertThatThrownBy(() -> Request.of("ns", "")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void leaderElectionDefaultsAreClientGos() {
    LeaderElectionOptions o = LeaderElectionOptions.of("my-operator");
    assertThat(o.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(o.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(o.leaseNamespace()).isNull();
    assertThat(o.identity()).matches(".+_[0-9a-f-]{36}");
    assertThat(LeaderElectionOptions.of("x").identity()).isNotEqualTo(o.identity());
  }

  @Test
  void leaderElectionTimingIsChecked() {
    LeaderElectionOptions o = LeaderElectionOptions.of("x");
    assertThatThrownBy(
            () -> o.withTiming(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than renewDeadline");
    assertThatThrownBy(
            () -> o.withTiming(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.2 x retryPeriod");
    assertThatThrownBy(
            () ->
                o.withTiming(
                    Duration.ofMillis(2500), Duration.ofSeconds(1), Duration.ofMillis(200)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole seconds");
    assertThat(o.withTiming(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(200)))
        .extracting(LeaderElectionOptions::retryPeriod)
        .isEqualTo(Duration.ofMillis(200));
    assertThatThrownBy(() -> o.withLeaseNamespace(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theWallClockMovesWithTheMonotonicClock() {
    FakeClock clock = new FakeClock(123_456_789L);
    Instant start = Instant.parse("2026-01-01T10:00:00Z");
    java.time.Clock wall = MonotonicWallClock.anchored(clock, start);
    assertThat(wall.instant()).isEqualTo(start);
    clock.step(Duration.ofMinutes(5));
    assertThat(wall.instant()).isEqualTo(Instant.parse("2026-01-01T10:05:00Z"));
    assertThat(wall.withZone(java.time.ZoneId.of("Europe/Paris")).instant())
        .isEqualTo(wall.instant());
  }
}
