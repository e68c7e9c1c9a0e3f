package io.kubeloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS) // a safety net against hangs, not an assertion
class WorkQueueTest {

  private final WorkQueue<String> queue = WorkQueue.create();

  @Test
  void handsItemsOutInTheOrderTheyWereAdded() throws Exception {
    queue.add("a");
    queue.add("b");
    queue.add("c");

    assertThat(queue.len()).isEqualTo(3);
    assertThat(queue.get()).contains("a");
    assertThat(queue.get()).contains("b");
    assertThat(queue.get()).contains("c");
    assertThat(queue.len()).isZero();
  }

  @Test
  void collapsesDuplicatesOfAWaitingItem() throws Exception {
    queue.add("a");
    queue.add("b");
    queue.add("a");

    assertThat(queue.len()).isEqualTo(2);
    assertThat(queue.get()).contains("a");
    assertThat(queue.get()).contains("b");
    assertThat(queue.len()).isZero();
  }

  @Test
  void doesNotHandOutAnItemBeingProcessed() throws Exception {
    queue.add("a");
    assertThat(queue.get()).contains("a");

    queue.add("a");
    queue.add("b");

    // "a" is remembered but held back while its worker has it; "b" is free to go.
    assertThat(queue.len()).isEqualTo(1);
    assertThat(queue.get()).contains("b");
    assertThat(queue.len()).isZero();
  }

  @Test
  void handsAnItemAddedDuringProcessingOutAgainAfterDone() throws Exception {
    queue.add("a");
    assertThat(queue.get()).contains("a");
    queue.add("a");
    queue.add("a"); // collapses with the pending re-add

    queue.done("a");

    assertThat(queue.len()).isEqualTo(1);
    assertThat(queue.get()).contains("a");
    queue.done("a");
    assertThat(queue.len()).isZero();
  }

  @Test
  void forgetsAnItemDoneWithoutReAdd() throws Exception {
    queue.add("a");
    assertThat(queue.get()).contains("a");
    queue.done("a");

    assertThat(queue.len()).isZero();
    queue.add("a");
    assertThat(queue.get()).contains("a");
  }

  @Test
  void getBlocksUntilAnItemIsAdded() throws Exception {
    CompletableFuture<Optional<String>> got = getAsync(queue);

    queue.add("a");

    assertThat(got.get()).contains("a");
  }

  @Test
  void itemAddedAgainDuringProcessingIsNotGivenToAWaitingWorker() throws Exception {
    queue.add("a");
    assertThat(queue.get()).contains("a");
    CompletableFuture<Optional<String>> second = getAsync(queue);

    queue.add("a");
    assertThat(second).isNotDone(); // deterministic: only done("a") or another add can free it
    queue.add("b");

    assertThat(second.get()).contains("b");
  }

  @Test
  void shutDownHandsOutWhatIsLeftThenReturnsEmpty() throws Exception {
    queue.add("a");
    queue.add("b");

    queue.shutDown();

    assertThat(queue.isShuttingDown()).isTrue();
    assertThat(queue.get()).contains("a");
    assertThat(queue.get()).contains("b");
    assertThat(queue.get()).isEmpty();
    assertThat(queue.get()).isEmpty();
  }

  @Test
  void shutDownWakesEveryBlockedWorker() throws Exception {
    List<CompletableFuture<Optional<String>>> workers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      workers.add(getAsync(queue));
    }

    queue.shutDown();

    for (CompletableFuture<Optional<String>> w : workers) {
      assertThat(w.get()).isEmpty();
    }
  }

  @Test
  void addAfterShutDownIsASilentNoOp() throws Exception {
    queue.shutDown();

    queue.add("a");

    assertThat(queue.len()).isZero();
    assertThat(queue.get()).isEmpty();
  }

  @Test
  void doneAfterShutDownStillHandsOutAnItemAddedDuringProcessing() throws Exception {
    queue.add("a");
    assertThat(queue.get()).contains("a");
    queue.add("a");
    queue.shutDown();

    queue.done("a");

    assertThat(queue.get()).contains("a");
    queue.done("a");
    assertThat(queue.get()).isEmpty();
  }

  @Test
  void shutDownWithDrainWaitsUntilProcessedItemsAreDone() throws Exception {
    queue.add("a");
    queue.add("b");
    assertThat(queue.get()).contains("a");
    CompletableFuture<Void> drain = runAsync(queue::shutDownWithDrain);

    assertThat(queue.get()).contains("b"); // what was waiting is still handed out
    assertThat(queue.get()).isEmpty();
    queue.done("a");
    assertThat(drain).isNotDone(); // deterministic: "b" is not done yet
    queue.done("b");

    drain.get();
    assertThat(queue.isShuttingDown()).isTrue();
  }

  @Test
  void shutDownWithDrainReturnsAtOnceWhenNothingIsProcessed() throws Exception {
    queue.shutDownWithDrain();

    assertThat(queue.isShuttingDown()).isTrue();
    assertThat(queue.get()).isEmpty();
  }

  @Test
  void shutDownEndsAWaitingShutDownWithDrain() throws Exception {
    queue.add("a");
    assertThat(queue.get()).contains("a");
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Void> drain =
        runAsync(
            () -> {
              started.countDown();
              queue.shutDownWithDrain();
            });
    started.await();

    queue.shutDown();

    drain.get();
    queue.done("a"); // still allowed
  }

  @Test
  void doneForAnItemNotBeingProcessedFailsFast() throws Exception {
    assertThatThrownBy(() -> queue.done("never-added"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("done(never-added) called for an item that is not being processed");

    queue.add("a");
    assertThatThrownBy(() -> queue.done("a")).isInstanceOf(IllegalStateException.class);

    assertThat(queue.get()).contains("a");
    queue.done("a");
    assertThatThrownBy(() -> queue.done("a")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void nullItemsFailFast() {
    assertThatThrownBy(() -> queue.add(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("item must not be null");
    assertThatThrownBy(() -> queue.done(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("item must not be null");
  }

  @Test
  void blockedGetIsInterruptible() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    Thread worker =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    queue.get();
                  } catch (InterruptedException e) {
                    interrupted.countDown();
                  }
                });

    worker.interrupt();

    interrupted.await();
    worker.join();
    // The interrupted get leaves the queue usable.
    queue.add("a");
    assertThat(queue.get()).contains("a");
  }

  @Test
  void virtualThreadsCanShareAQueue() throws Exception {
    int items = 1_000;
    List<Thread> workers = new ArrayList<>();
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int w = 0; w < 50; w++) {
      workers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (Optional<String> i = queue.get(); i.isPresent(); i = queue.get()) {
                        seen.add(i.get());
                        queue.done(i.get());
                      }
                    } catch (InterruptedException e) {
                      throw new AssertionError(e);
                    }
                  }));
    }
    for (int i = 0; i < items; i++) {
      queue.add("item-" + i);
    }
    queue.shutDownWithDrain();
    queue.shutDown();
    for (Thread w : workers) {
      w.join();
    }

    assertThat(seen).hasSize(items).doesNotHaveDuplicates();
  }

  static <T> CompletableFuture<Optional<T>> getAsync(WorkQueue<T> queue) {
    CompletableFuture<Optional<T>> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                result.complete(queue.get());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  interface Action {
    void run() throws Exception;
  }

  static CompletableFuture<Void> runAsync(Action action) {
    CompletableFuture<Void> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                action.run();
                result.complete(null);
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }
}
