package io.kubeloop.operators.scheduler;

import static io.kubeloop.operators.scheduler.Fixtures.node;
import static io.kubeloop.operators.scheduler.Fixtures.pod;
import static io.kubeloop.operators.scheduler.Fixtures.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubeloop.workqueue.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SchedulerCacheTest {

  private final FakeClock clock = new FakeClock();
  private final SchedulerCache cache = new SchedulerCache(clock, Duration.ofSeconds(30));

  @Test
  void assumedPodsCountUntilConfirmed() {
    cache.addNode(node("n", "4", "8Gi"));
    cache.assume(pod("p", "1", "1Gi"), "n");
    assertThat(cache.node("n").requested().milliCpu()).isEqualTo(1000);
    assertThat(cache.isAssumed("default/p")).isTrue();
    assertThatThrownBy(() -> cache.assume(pod("p", "1", "1Gi"), "n"))
        .isInstanceOf(IllegalStateException.class);

    cache.finishBinding("default/p");
    cache.addPod(running("p", "n", "1", "1Gi"));
    assertThat(cache.isAssumed("default/p")).isFalse();
    assertThat(cache.node("n").requested().milliCpu()).isEqualTo(1000);
    assertThat(cache.node("n").podCount()).isEqualTo(1);

    // confirmed pods never expire
    clock.step(Duration.ofMinutes(5));
    assertThat(cache.cleanupExpired()).isEmpty();
  }

  @Test
  void confirmationOnAnotherNodeMovesThePod() {
    cache.addNode(node("a", "4", "8Gi"));
    cache.addNode(node("b", "4", "8Gi"));
    cache.assume(pod("p", "1", "1Gi"), "a");
    cache.addPod(running("p", "b", "1", "1Gi"));
    assertThat(cache.node("a").podCount()).isZero();
    assertThat(cache.node("b").podCount()).isEqualTo(1);
  }

  @Test
  void forgetReleasesAnAssumedPod() {
    cache.addNode(node("n", "4", "8Gi"));
    cache.assume(pod("p", "1", "1Gi"), "n");
    cache.forget("default/p");
    assertThat(cache.node("n").requested().milliCpu()).isZero();
    assertThat(cache.contains("default/p")).isFalse();
  }

  @Test
  void unconfirmedAssumedPodsExpireAfterTheTtlCountedFromTheEndOfBinding() {
    cache.addNode(node("n", "4", "8Gi"));
    cache.assume(pod("p", "1", "1Gi"), "n");
    clock.step(Duration.ofMinutes(10));
    // binding not finished yet: never expires
    assertThat(cache.cleanupExpired()).isEmpty();
    cache.finishBinding("default/p");
    clock.step(Duration.ofSeconds(29));
    assertThat(cache.cleanupExpired()).isEmpty();
    clock.step(Duration.ofSeconds(1));
    assertThat(cache.cleanupExpired()).containsExactly("default/p");
    assertThat(cache.node("n").podCount()).isZero();
  }

  @Test
  void podsOnUnknownOrDeletedNodesStayCountedButOutOfTheSnapshot() {
    Snapshot snapshot = new Snapshot();
    cache.addPod(running("p", "later", "1", "1Gi"));
    cache.updateSnapshot(snapshot);
    assertThat(snapshot.numNodes()).isZero();

    cache.addNode(node("later", "4", "8Gi"));
    cache.updateSnapshot(snapshot);
    assertThat(snapshot.get("later").requested().milliCpu()).isEqualTo(1000);

    cache.removeNode(node("later", "4", "8Gi"));
    cache.updateSnapshot(snapshot);
    assertThat(snapshot.numNodes()).isZero();
    assertThat(cache.node("later").podCount()).isEqualTo(1);

    cache.removePod(running("p", "later", "1", "1Gi"));
    assertThat(cache.node("later")).isNull();
  }

  @Test
  void snapshotCopiesOnlyChangedNodes() {
    Snapshot snapshot = new Snapshot();
    cache.addNode(node("a", "4", "8Gi"));
    cache.addNode(node("b", "4", "8Gi"));
    cache.updateSnapshot(snapshot);
    NodeInfo a = snapshot.get("a");
    cache.assume(pod("p", "1", "1Gi"), "b");
    cache.updateSnapshot(snapshot);
    assertThat(snapshot.get("a")).isSameAs(a);
    assertThat(snapshot.get("b").podCount()).isEqualTo(1);
  }
}
