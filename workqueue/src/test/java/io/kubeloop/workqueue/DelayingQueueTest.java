package io.kubeloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS) // a safety net against hangs, not an assertion
class DelayingQueueTest {

  private final FakeClock clock = new FakeClock();
  private final DelayingWorkQueue<String> queue =
      (DelayingWorkQueue<String>) WorkQueue.<String>builder().clock(clock).buildDelaying();

  @AfterEach
  void shutDown() {
    queue.shutDown();
  }

  @Test
  void handsADelayedItemOutOnlyOnceItIsDue() throws Exception {
    queue.addAfter("a", Duration.ofMillis(10));
    assertThat(queue.len()).isZero();
    assertThat(queue.waitingCount()).isEqualTo(1);

    clock.step(Duration.ofMillis(9));
    assertThat(queue.waitingCount()).isEqualTo(1);
    assertThat(queue.len()).isZero();

    clock.step(Duration.ofMillis(1));
    assertThat(queue.get()).contains("a"); // blocks until the waiting loop moved it
    assertThat(queue.waitingCount()).isZero();
  }

  @Test
  void zeroDelayAddsAtOnce() throws Exception {
    queue.addAfter("a", Duration.ZERO);

    assertThat(queue.len()).isEqualTo(1);
    assertThat(queue.waitingCount()).isZero();
    assertThat(queue.get()).contains("a");
  }

  @Test
  void theEarlierTimeWinsForAnItemDelayedTwice() throws Exception {
    queue.addAfter("a", Duration.ofSeconds(10));
    queue.addAfter("a", Duration.ofSeconds(1));
    queue.addAfter("b", Duration.ofSeconds(1));
    queue.addAfter("b", Duration.ofSeconds(10));
    assertThat(queue.waitingCount()).isEqualTo(2);

    clock.step(Duration.ofSeconds(1));

    assertThat(queue.get()).contains("a");
    assertThat(queue.get()).contains("b");
    assertThat(queue.waitingCount()).isZero();
  }

  @Test
  void handsItemsOutInTheOrderTheyBecomeDue() throws Exception {
    queue.addAfter("c", Duration.ofMillis(3));
    queue.addAfter("a", Duration.ofMillis(1));
    queue.addAfter("b", Duration.ofMillis(2));
    queue.addAfter("d", Duration.ofMillis(3)); // same time as "c", added later

    clock.step(Duration.ofMillis(3));

    assertThat(queue.get()).contains("a");
    assertThat(queue.get()).contains("b");
    assertThat(queue.get()).contains("c");
    assertThat(queue.get()).contains("d");
  }

  @Test
  void manyDelayedItemsShareOneWaitingLoop() throws Exception {
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      queue.addAfter("item-" + i, Duration.ofNanos(1 + (long) (n - i) * 1_000)); // reverse order
    }
    assertThat(queue.waitingCount()).isEqualTo(n);

    clock.step(Duration.ofMillis(101));

    List<String> got = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String item = queue.get().orElseThrow();
      got.add(item);
      queue.done(item);
    }
    assertThat(got).startsWith("item-" + (n - 1), "item-" + (n - 2)).endsWith("item-0");
    assertThat(queue.waitingCount()).isZero();
  }

  @Test
  void stepsWakeTheWaitingLoopOnlyForDueItems() throws Exception {
    queue.addAfter("late", Duration.ofSeconds(60));
    queue.addAfter("early", Duration.ofSeconds(1));

    clock.step(Duration.ofSeconds(1));
    assertThat(queue.get()).contains("early");

    clock.step(Duration.ofSeconds(58));
    assertThat(queue.waitingCount()).isEqualTo(1);
    clock.step(Duration.ofSeconds(1));
    assertThat(queue.get()).contains("late");
  }

  @Test
  void shutDownDropsDelayedItems() throws Exception {
    queue.addAfter("a", Duration.ofSeconds(1));

    queue.shutDown();
    clock.step(Duration.ofSeconds(1));

    assertThat(queue.waitingCount()).isZero();
    assertThat(queue.get()).isEmpty();
  }

  @Test
  void addAfterShutDownIsASilentNoOp() throws Exception {
    queue.shutDown();

    queue.addAfter("a", Duration.ofSeconds(1));
    queue.addAfter("b", Duration.ZERO);

    assertThat(queue.waitingCount()).isZero();
    assertThat(queue.get()).isEmpty();
  }

  @Test
  void badArgumentsFailFast() {
    assertThatThrownBy(() -> queue.addAfter("a", Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delay must not be negative: PT-0.001S");
    assertThatThrownBy(() -> queue.addAfter(null, Duration.ZERO))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("item must not be null");
    assertThatThrownBy(() -> queue.addAfter("a", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("delay must not be null");
  }

  @Test
  void hugeDelaysDoNotOverflow() throws Exception {
    queue.addAfter("never", Duration.ofSeconds(Long.MAX_VALUE));
    queue.addAfter("soon", Duration.ofSeconds(1));

    clock.step(Duration.ofSeconds(1));

    assertThat(queue.get()).contains("soon");
    assertThat(queue.waitingCount()).isEqualTo(1);
  }

  @Test
  void worksOnTheSystemClock() throws Exception {
    DelayingQueue<String> real = DelayingQueue.create();
    try {
      real.addAfter("a", Duration.ofMillis(1));
      assertThat(real.get()).contains("a");
    } finally {
      real.shutDown();
    }
  }
}
