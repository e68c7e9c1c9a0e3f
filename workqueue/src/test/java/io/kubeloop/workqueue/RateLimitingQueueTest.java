package io.kubeloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS) // a safety net against hangs, not an assertion
class RateLimitingQueueTest {

  private final FakeClock clock = new FakeClock();
  private final RateLimitingQueue<String> queue =
      WorkQueue.<String>builder()
          .clock(clock)
          .rateLimiter(RateLimiter.exponentialFailure(Duration.ofMillis(1), Duration.ofSeconds(1)))
          .buildRateLimiting();

  @AfterEach
  void shutDown() {
    queue.shutDown();
  }

  @Test
  void addRateLimitedWaitsAsLongAsTheLimiterSays() throws Exception {
    queue.addRateLimited("a");
    assertThat(queue.numRequeues("a")).isEqualTo(1);
    assertThat(queue.len()).isZero();
    clock.step(Duration.ofMillis(1));
    assertThat(queue.get()).contains("a");
    queue.done("a");

    queue.addRateLimited("a"); // second failure: 2 ms
    clock.step(Duration.ofMillis(1));
    assertThat(queue.len()).isZero();
    clock.step(Duration.ofMillis(1));
    assertThat(queue.get()).contains("a");
    assertThat(queue.numRequeues("a")).isEqualTo(2);
  }

  @Test
  void forgetResetsTheBackoff() throws Exception {
    queue.addRateLimited("a");
    queue.addRateLimited("a");
    assertThat(queue.numRequeues("a")).isEqualTo(2);

    queue.forget("a");

    assertThat(queue.numRequeues("a")).isZero();
    queue.addRateLimited("a"); // 1 ms again, not 4 ms
    clock.step(Duration.ofMillis(1));
    assertThat(queue.get()).contains("a");
  }

  @Test
  void theDefaultLimiterRunsOnTheBuildersClock() throws Exception {
    RateLimitingQueue<String> q = WorkQueue.<String>builder().clock(clock).buildRateLimiting();
    try {
      q.addRateLimited("a"); // 5 ms: the exponential part of the default controller limiter
      clock.step(Duration.ofMillis(4));
      assertThat(q.len()).isZero();
      clock.step(Duration.ofMillis(1));
      assertThat(q.get()).contains("a");
    } finally {
      q.shutDown();
    }
  }

  @Test
  void plainAddsAndDelaysStillWork() throws Exception {
    queue.add("a");
    queue.addAfter("b", Duration.ofSeconds(1));
    assertThat(queue.get()).contains("a");
    clock.step(Duration.ofSeconds(1));
    assertThat(queue.get()).contains("b");
    assertThat(queue.numRequeues("b")).isZero();
  }

  @Test
  void addRateLimitedAfterShutDownIsASilentNoOp() throws Exception {
    queue.shutDown();

    queue.addRateLimited("a");

    assertThat(queue.get()).isEmpty();
  }
}
