package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResultHandlerTest {

  private final RecordingQueue queue = new RecordingQueue();
  private final Request req = Request.of("ns", "a");

  @Test
  void doneForgetsTheBackoff() {
    assertThat(ResultHandler.apply(queue, req, Result.done(), null)).isEqualTo(Outcome.SUCCESS);
    assertThat(queue.calls).containsExactly("forget ns/a");
  }

  @Test
  void requeueIsRateLimited() {
    assertThat(ResultHandler.apply(queue, req, Result.requeue(), null)).isEqualTo(Outcome.REQUEUE);
    assertThat(queue.calls).containsExactly("addRateLimited ns/a");
  }

  @Test
  void requeueAfterForgetsThenAddsAfterTheDelay() {
    assertThat(ResultHandler.apply(queue, req, Result.requeueAfter(Duration.ofSeconds(30)), null))
        .isEqualTo(Outcome.REQUEUE_AFTER);
    assertThat(queue.calls).containsExactly("forget ns/a", "addAfter ns/a PT30S");
  }

  @Test
  void anExceptionIsRetriedWithBackoffWhateverTheResult() {
    assertThat(ResultHandler.apply(queue, req, null, new IOException("down")))
        .isEqualTo(Outcome.ERROR);
    assertThat(
            ResultHandler.apply(
                queue, req, Result.requeueAfter(Duration.ofSeconds(1)), new RuntimeException()))
        .isEqualTo(Outcome.ERROR);
    assertThat(queue.calls).containsExactly("addRateLimited ns/a", "addRateLimited ns/a");
  }

  @Test
  void aTerminalExceptionIsForgottenAndNotRetried() {
    assertThat(ResultHandler.apply(queue, req, null, new TerminalException("bad spec")))
        .isEqualTo(Outcome.TERMINAL_ERROR);
    assertThat(queue.calls).containsExactly("forget ns/a");
  }

  @Test
  void aTerminalExceptionAsACauseCounts() {
    Exception wrapped = new IllegalStateException(new TerminalException("bad spec"));
    assertThat(ResultHandler.apply(queue, req, null, wrapped)).isEqualTo(Outcome.TERMINAL_ERROR);
    assertThat(queue.calls).containsExactly("forget ns/a");
  }

  @Test
  void anErrorIsRetriedLikeAnException() {
    assertThat(ResultHandler.apply(queue, req, null, new AssertionError("bug")))
        .isEqualTo(Outcome.ERROR);
    assertThat(queue.calls).containsExactly("addRateLimited ns/a");
  }

  @Test
  void aNullResultIsAReconcilerBugAndRetried() {
    assertThat(ResultHandler.apply(queue, req, null, null)).isEqualTo(Outcome.ERROR);
    assertThat(queue.calls).containsExactly("addRateLimited ns/a");
  }

  @Test
  void neverCallsDone() {
    ResultHandler.apply(queue, req, Result.done(), null);
    ResultHandler.apply(queue, req, Result.requeue(), null);
    ResultHandler.apply(queue, req, null, new RuntimeException());
    assertThat(queue.calls).noneMatch(c -> c.startsWith("done"));
  }

  @Test
  void outcomesHaveControllerRuntimeLabels() {
    assertThat(Outcome.SUCCESS.label()).isEqualTo("success");
    assertThat(Outcome.REQUEUE.label()).isEqualTo("requeue");
    assertThat(Outcome.REQUEUE_AFTER.label()).isEqualTo("requeue_after");
    assertThat(Outcome.ERROR.label()).isEqualTo("error");
    assertThat(Outcome.TERMINAL_ERROR.label()).isEqualTo("error");
  }

  @Test
  void requeueAfterNeedsAPositiveDelay() {
    assertThatThrownBy(() -> Result.requeueAfter(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> Result.requeueAfter(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
