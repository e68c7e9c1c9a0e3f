package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventQueueTest {

  @Test
  void offersBeyondTheCapacityAreRefused() throws Exception {
    EventQueue<String> q = new EventQueue<>(2);
    assertThat(q.offer("a")).isTrue();
    assertThat(q.offer("b")).isTrue();
    assertThat(q.offer("c")).isFalse();
    assertThat(q.take()).isEqualTo("a");
    assertThat(q.offer("c")).isTrue();
    assertThat(q.size()).isEqualTo(2);
  }

  @Test
  void closingLetsTheQueuedItemsOutThenEnds() throws Exception {
    EventQueue<String> q = new EventQueue<>(3);
    q.offer("a");
    q.offer("b");
    q.close();
    assertThat(q.offer("c")).isFalse();
    assertThat(q.take()).isEqualTo("a");
    assertThat(q.take()).isEqualTo("b");
    assertThat(q.take()).isNull();
    assertThat(q.isClosed()).isTrue();
  }

  @Test
  void aWaitingTakerIsWokenByAnOfferOrByClosing() throws Exception {
    EventQueue<String> q = new EventQueue<>(1);
    CompletableFuture<String> taken = CompletableFuture.supplyAsync(() -> take(q));
    q.offer("x");
    assertThat(taken.get(10, TimeUnit.SECONDS)).isEqualTo("x");
    CompletableFuture<String> ended = CompletableFuture.supplyAsync(() -> take(q));
    q.close();
    assertThat(ended.get(10, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void closingCutsASleepShort() throws Exception {
    EventQueue<String> q = new EventQueue<>(1);
    assertThat(q.sleep(Duration.ZERO)).isTrue();
    CompletableFuture<Boolean> sleeping =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return q.sleep(Duration.ofHours(1));
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    q.close();
    assertThat(sleeping.get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(q.sleep(Duration.ofHours(1))).isFalse();
  }

  private static String take(EventQueue<String> q) {
    try {
      return q.take();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
