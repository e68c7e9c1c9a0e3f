package io.kubeloop.informers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void doublesWithJitterUpToTheMaximumAndResetsAfterAQuietSpell() {
    FakeClock clock = new FakeClock();
    Backoff backoff =
        new Backoff(
            Duration.ofMillis(800),
            Duration.ofSeconds(30),
            Duration.ofMinutes(2),
            clock,
            new SplittableRandom(3));
    long step = 800;
    for (int i = 0; i < 10; i++) {
      long d = backoff.next().toMillis();
      assertThat(d).isBetween(Math.min(step, 30_000), Math.min(2 * step, 30_000));
      step = Math.min(step * 2, 30_000);
      clock.step(Duration.ofSeconds(1));
    }
    assertThat(backoff.next()).isEqualTo(Duration.ofSeconds(30));
    clock.step(Duration.ofMinutes(3));
    assertThat(backoff.next().toMillis()).isBetween(800L, 1600L);
  }

  @Test
  void jitterSpreadsDelays() {
    FakeClock clock = new FakeClock();
    java.util.Set<Long> seen = new java.util.HashSet<>();
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < 20; i++) {
      Backoff b =
          new Backoff(
              Duration.ofMillis(800), Duration.ofSeconds(30), Duration.ofMinutes(2), clock, random);
      seen.add(b.next().toMillis());
    }
    assertThat(seen.size()).isGreaterThan(10);
  }
}
