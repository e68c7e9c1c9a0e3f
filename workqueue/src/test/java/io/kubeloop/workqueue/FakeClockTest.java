package io.kubeloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS) // a safety net against hangs, not an assertion
class FakeClockTest {

  private final FakeClock clock = new FakeClock();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition condition = lock.newCondition();

  @Test
  void movesOnlyWhenStepped() {
    assertThat(clock.nanoTime()).isZero();
    clock.step(Duration.ofMillis(5));
    assertThat(clock.nanoTime()).isEqualTo(5_000_000);
    assertThat(new FakeClock(42).nanoTime()).isEqualTo(42);
  }

  @Test
  void stepWakesAWaiterOnceItsDeadlineIsReached() throws Exception {
    CompletableFuture<Long> woken = awaitAsync(Duration.ofSeconds(10).toNanos());
    while (!clock.hasWaiters()) {
      Thread.onSpinWait(); // the waiter registers on its own thread
    }

    clock.step(Duration.ofSeconds(9));
    assertThat(woken).isNotDone(); // deterministic: nothing else signals the condition
    clock.step(Duration.ofSeconds(1));

    assertThat(woken.get()).isEqualTo(Duration.ofSeconds(10).toNanos());
    assertThat(clock.hasWaiters()).isFalse();
  }

  @Test
  void awaitReturnsAtOnceForAPastDeadline() throws Exception {
    clock.step(Duration.ofSeconds(1));
    lock.lock();
    try {
      clock.awaitUntil(lock, condition, 0);
    } finally {
      lock.unlock();
    }
    assertThat(clock.hasWaiters()).isFalse();
  }

  @Test
  void cannotStepBackwards() {
    assertThatThrownBy(() -> clock.step(Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a clock cannot step backwards: PT-0.000000001S");
  }

  private CompletableFuture<Long> awaitAsync(long deadline) {
    CompletableFuture<Long> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              lock.lock();
              try {
                while (clock.nanoTime() - deadline < 0) {
                  clock.awaitUntil(lock, condition, deadline);
                }
                result.complete(clock.nanoTime());
              } catch (InterruptedException e) {
                result.completeExceptionally(e);
              } finally {
                lock.unlock();
              }
            });
    return result;
  }
}
