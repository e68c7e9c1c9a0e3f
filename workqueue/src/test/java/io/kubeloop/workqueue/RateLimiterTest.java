package io.kubeloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private final FakeClock clock = new FakeClock();

  @Test
  void exponentialFailureDoublesPerFailureUpToTheCap() {
    RateLimiter<String> limiter =
        RateLimiter.exponentialFailure(Duration.ofMillis(1), Duration.ofSeconds(1));

    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(1));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(2));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(4));
    assertThat(limiter.when("b")).isEqualTo(Duration.ofMillis(1)); // per item
    assertThat(limiter.numRequeues("a")).isEqualTo(3);
    for (int i = 0; i < 7; i++) {
      limiter.when("a");
    }
    assertThat(limiter.when("a")).isEqualTo(Duration.ofSeconds(1)); // 1024 ms capped
    for (int i = 0; i < 200; i++) {
      assertThat(limiter.when("a")).isEqualTo(Duration.ofSeconds(1)); // no overflow
    }

    limiter.forget("a");
    assertThat(limiter.numRequeues("a")).isZero();
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void exponentialFailureDefaultsAreFiveMillisToThousandSeconds() {
    RateLimiter<String> limiter = RateLimiter.exponentialFailure();

    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(10));
    for (int i = 0; i < 30; i++) {
      limiter.when("a");
    }
    assertThat(limiter.when("a")).isEqualTo(Duration.ofSeconds(1000));
  }

  @Test
  void exponentialFailureWithZeroBaseNeverWaits() {
    RateLimiter<String> limiter = RateLimiter.exponentialFailure(Duration.ZERO, Duration.ZERO);
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.when("a")).isZero();
    }
  }

  @Test
  void fastSlowIsFastForTheFirstAttemptsThenSlow() {
    RateLimiter<String> limiter =
        RateLimiter.fastSlow(Duration.ofMillis(5), Duration.ofSeconds(10), 3);

    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofSeconds(10));
    assertThat(limiter.when("b")).isEqualTo(Duration.ofMillis(5));
    assertThat(limiter.numRequeues("a")).isEqualTo(4);

    limiter.forget("a");
    assertThat(limiter.numRequeues("a")).isZero();
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
  }

  @Test
  void tokenBucketLetsTheBurstThroughThenReservesFutureTokens() {
    RateLimiter<String> limiter = RateLimiter.tokenBucket(10, 100, clock);

    for (int i = 0; i < 100; i++) {
      assertThat(limiter.when("item-" + i)).isZero();
    }
    assertThat(limiter.when("x")).isEqualTo(Duration.ofMillis(100));
    assertThat(limiter.when("y")).isEqualTo(Duration.ofMillis(200));
    assertThat(limiter.numRequeues("x")).isZero(); // overall, not per item

    clock.step(Duration.ofSeconds(1)); // +10 tokens, 2 of them already promised
    for (int i = 0; i < 8; i++) {
      assertThat(limiter.when("z")).isZero();
    }
    assertThat(limiter.when("z")).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void tokenBucketRefillsNoFurtherThanTheBurst() {
    RateLimiter<String> limiter = RateLimiter.tokenBucket(1, 2, clock);
    clock.step(Duration.ofHours(1));

    assertThat(limiter.when("a")).isZero();
    assertThat(limiter.when("a")).isZero();
    assertThat(limiter.when("a")).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void maxOfAsksEveryLimiterAndReturnsTheWorst() {
    RateLimiter<String> fast = RateLimiter.fastSlow(Duration.ofMillis(1), Duration.ofMillis(50), 1);
    RateLimiter<String> expo =
        RateLimiter.exponentialFailure(Duration.ofMillis(10), Duration.ofSeconds(1));
    RateLimiter<String> limiter = RateLimiter.maxOf(fast, expo);

    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(10));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(50));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(50));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(80));
    assertThat(fast.numRequeues("a")).isEqualTo(4);
    assertThat(limiter.numRequeues("a")).isEqualTo(4);

    limiter.forget("a");
    assertThat(fast.numRequeues("a")).isZero();
    assertThat(expo.numRequeues("a")).isZero();
  }

  @Test
  void defaultControllerRateLimiterIsExponentialPerItemAndABucketOverall() {
    RateLimiter<String> limiter = RateLimiter.defaultControllerRateLimiter(clock);

    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(10));
    for (int i = 0; i < 98; i++) {
      assertThat(limiter.when("item-" + i)).isEqualTo(Duration.ofMillis(5));
    }
    // The bucket's 100 tokens are gone: the 101st failure overall waits for the bucket.
    assertThat(limiter.when("b")).isEqualTo(Duration.ofMillis(100));
    assertThat(limiter.numRequeues("a")).isEqualTo(2);
  }

  @Test
  void badArgumentsFailFast() {
    assertThatThrownBy(() -> RateLimiter.exponentialFailure(Duration.ofMillis(-1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseDelay must not be negative: PT-0.001S");
    assertThatThrownBy(
            () -> RateLimiter.exponentialFailure(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDelay (PT1S) must not be less than baseDelay (PT2S)");
    assertThatThrownBy(() -> RateLimiter.fastSlow(Duration.ZERO, Duration.ofSeconds(-1), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimiter.fastSlow(Duration.ZERO, Duration.ZERO, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxFastAttempts must not be negative: -1");
    assertThatThrownBy(() -> RateLimiter.tokenBucket(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("qps must be a positive finite number: 0.0");
    assertThatThrownBy(() -> RateLimiter.tokenBucket(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimiter.tokenBucket(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("burst must be at least 1: 0");
    assertThatThrownBy(() -> RateLimiter.<String>maxOf())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxOf needs at least one rate limiter");
    assertThatThrownBy(() -> RateLimiter.<String>exponentialFailure().when(null))
        .isInstanceOf(NullPointerException.class);
  }
}
