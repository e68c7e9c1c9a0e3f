package io.kubeloop.operators.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrashLoopBackoffTest {

  private static long s(long seconds) {
    return Duration.ofSeconds(seconds).toNanos();
  }

  @Test
  void theFirstRestartIsImmediateThenTheDelayDoublesUpToFiveMinutes() {
    CrashLoopBackoff backoff = new CrashLoopBackoff();
    long now = 0;
    // exits at once each time it is restarted
    assertThat(backoff.inBackoffSince(now, now)).isFalse();
    backoff.next(now, now);
    List<String> delays = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      long exited = now;
      assertThat(backoff.inBackoffSince(exited, now)).isTrue();
      delays.add(CrashLoopBackoff.goDuration(backoff.current()));
      now = backoff.restartAtNanos(exited);
      assertThat(backoff.inBackoffSince(exited, now - 1)).isTrue();
      assertThat(backoff.inBackoffSince(exited, now)).isFalse();
      backoff.next(exited, now);
    }
    assertThat(delays)
        .containsExactly("10s", "20s", "40s", "1m20s", "2m40s", "5m0s", "5m0s", "5m0s");
  }

  @Test
  void aContainerThatRanTenMinutesStartsOverAtTenSeconds() {
    CrashLoopBackoff backoff = new CrashLoopBackoff();
    backoff.next(0, 0);
    backoff.next(s(10), s(10));
    backoff.next(s(30), s(30));
    assertThat(backoff.current()).isEqualTo(Duration.ofSeconds(40));
    long exit = s(30) + s(601);
    assertThat(backoff.inBackoffSince(exit, exit)).isFalse();
    backoff.next(exit, exit);
    assertThat(backoff.current()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void goDurationsReadAsGoPrintsThem() {
    assertThat(CrashLoopBackoff.goDuration(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(CrashLoopBackoff.goDuration(Duration.ofSeconds(300))).isEqualTo("5m0s");
    assertThat(CrashLoopBackoff.goDuration(Duration.ofSeconds(3725))).isEqualTo("1h2m5s");
  }
}
