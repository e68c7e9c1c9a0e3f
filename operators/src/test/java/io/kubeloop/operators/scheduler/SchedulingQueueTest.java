package io.kubeloop.operators.scheduler;

import static io.kubeloop.operators.scheduler.Fixtures.pod;
import static io.kubeloop.operators.scheduler.Fixtures.podBuilder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.kubeloop.operators.scheduler.SchedulingQueue.Where;
import io.kubeloop.workqueue.FakeClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {

  private static final Duration LIMIT = Duration.ofSeconds(10);

  private final FakeClock clock = new FakeClock();
  private final SchedulingQueue queue = new SchedulingQueue(clock);

  @AfterEach
  void close() {
    queue.close();
  }

  private SchedulingQueue.Popped pop() {
    return assertTimeoutPreemptively(LIMIT, queue::pop);
  }

  private Optional<Where> where(String name) {
    return queue.where("default/" + name);
  }

  private static Pod withPriority(String name, int priority) {
    return podBuilder(name).editSpec().withPriority(priority).endSpec().build();
  }

  @Test
  void popsHigherPriorityFirstThenOldestFirst() {
    queue.add(withPriority("low", 0));
    queue.add(withPriority("high", 1000));
    queue.add(withPriority("low2", 0));
    queue.add(withPriority("high2", 1000));
    assertThat(pop().key()).isEqualTo("default/high");
    assertThat(pop().key()).isEqualTo("default/high2");
    assertThat(pop().key()).isEqualTo("default/low");
    assertThat(pop().key()).isEqualTo("default/low2");
  }

  @Test
  void addingAKnownPodDoesNotDuplicateIt() {
    queue.add(pod("p", null, null));
    queue.add(pod("p", null, null));
    assertThat(queue.pending().get("active")).isEqualTo(1);
  }

  @Test
  void unschedulablePodsWaitForAClusterChangeThenTheirBackoff() {
    queue.add(pod("p", null, null));
    var popped = pop();
    assertThat(popped.attempts()).isEqualTo(1);
    queue.requeue(popped, true, popped.pod());
    assertThat(where("p")).contains(Where.UNSCHEDULABLE);
    assertThat(queue.pending().get("unschedulable")).isEqualTo(1);

    // a node was added: the pod's 1 s backoff is not over yet
    queue.moveAllToActiveOrBackoff();
    assertThat(where("p")).contains(Where.BACKOFF);
    clock.step(Duration.ofMillis(999));
    assertThat(where("p")).contains(Where.BACKOFF);
    clock.step(Duration.ofMillis(1));
    var again = pop();
    assertThat(again.key()).isEqualTo("default/p");
    assertThat(again.attempts()).isEqualTo(2);
  }

  @Test
  void aClusterChangeAfterTheBackoffSendsThePodStraightToActive() {
    queue.add(pod("p", null, null));
    var popped = pop();
    queue.requeue(popped, true, popped.pod());
    clock.step(Duration.ofSeconds(2));
    queue.moveAllToActiveOrBackoff();
    assertThat(where("p")).contains(Where.ACTIVE);
  }

  @Test
  void backoffDoublesFromOneToTenSeconds() {
    queue.add(pod("p", null, null));
    long[] expectedMillis = {1000, 2000, 4000, 8000, 10000, 10000};
    for (long millis : expectedMillis) {
      var popped = pop();
      queue.requeue(popped, false, popped.pod());
      assertThat(where("p")).contains(Where.BACKOFF);
      clock.step(Duration.ofMillis(millis - 1));
      assertThat(where("p")).contains(Where.BACKOFF);
      clock.step(Duration.ofMillis(1));
      // pop() blocks until the mover has seen the delay end
    }
    assertThat(pop().attempts()).isEqualTo(expectedMillis.length + 1);
  }

  @Test
  void aClusterChangeDuringTheCycleSendsARejectedPodToBackoff() {
    queue.add(pod("p", null, null));
    var popped = pop();
    queue.moveAllToActiveOrBackoff();
    queue.requeue(popped, true, popped.pod());
    assertThat(where("p")).contains(Where.BACKOFF);
  }

  @Test
  void anUpdateOfThePodDuringItsCycleSendsItToBackoff() {
    queue.add(pod("p", null, null));
    var popped = pop();
    queue.update(
        new PodBuilder(popped.pod()).editMetadata().addToLabels("x", "y").endMetadata().build());
    queue.requeue(popped, true, popped.pod());
    assertThat(where("p")).contains(Where.BACKOFF);
  }

  @Test
  void specUpdatesMoveUnschedulablePodsStatusUpdatesDoNot() {
    Pod p = pod("p", null, null);
    queue.add(p);
    var popped = pop();
    queue.requeue(popped, true, p);
    queue.update(new PodBuilder(p).withNewStatus().withPhase("Pending").endStatus().build());
    assertThat(where("p")).contains(Where.UNSCHEDULABLE);
    clock.step(Duration.ofSeconds(5));
    queue.update(new PodBuilder(p).editSpec().withPriority(5).endSpec().build());
    assertThat(where("p")).contains(Where.ACTIVE);
  }

  @Test
  void podsUnschedulableForFiveMinutesAreRetriedAnyway() {
    queue.add(pod("p", null, null));
    var popped = pop();
    queue.requeue(popped, true, popped.pod());
    clock.step(Duration.ofMinutes(4));
    queue.flushUnschedulableLeftover();
    assertThat(where("p")).contains(Where.UNSCHEDULABLE);
    clock.step(Duration.ofMinutes(1));
    queue.flushUnschedulableLeftover();
    assertThat(where("p")).contains(Where.ACTIVE);
  }

  @Test
  void gatedPodsWaitForTheirGatesToGo() {
    Pod gated =
        podBuilder("g")
            .editSpec()
            .withSchedulingGates(new PodSchedulingGate("example.com/wait"))
            .endSpec()
            .build();
    queue.add(gated);
    assertThat(where("g")).contains(Where.GATED);
    assertThat(queue.pending().get("gated")).isEqualTo(1);
    queue.update(new PodBuilder(gated).editSpec().withSchedulingGates().endSpec().build());
    assertThat(pop().key()).isEqualTo("default/g");
  }

  @Test
  void deletedPodsLeaveEveryPart() {
    queue.add(pod("a", null, null));
    queue.add(pod("b", null, null));
    var a = pop();
    queue.delete(pod("b", null, null));
    queue.delete(a.pod());
    // the cycle of a pod deleted meanwhile ends without requeueing it
    queue.requeue(a, true, a.pod());
    assertThat(where("a")).isEmpty();
    assertThat(where("b")).isEmpty();
    assertThat(queue.pending()).containsValues(0, 0, 0, 0);
  }

  @Test
  void doneForgetsThePodAndItsBackoff() {
    queue.add(pod("p", null, null));
    var popped = pop();
    queue.requeue(popped, false, popped.pod());
    clock.step(Duration.ofSeconds(1));
    var second = pop();
    queue.done(second.key());
    assertThat(where("p")).isEmpty();
    // a new pod of the same name starts from the initial backoff again
    queue.add(pod("p", null, null));
    var third = pop();
    queue.requeue(third, false, third.pod());
    clock.step(Duration.ofSeconds(1));
    assertThat(pop().key()).isEqualTo("default/p");
  }

  @Test
  void popReturnsNullOnceClosed() {
    queue.close();
    assertThat(pop()).isNull();
  }
}
