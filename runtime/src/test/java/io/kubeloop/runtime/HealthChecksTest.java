package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PartialObjectMetadata;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kubeloop.informers.InformerFactory;
import io.kubeloop.informers.InformerHealth;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Liveness and readiness through a manager's states. */
class HealthChecksTest {

  private volatile ManagerState state = ManagerState.NEW;
  private volatile boolean synced;
  private volatile boolean lost;
  private final FakeInformers informers = new FakeInformers();

  private HealthChecks checks(boolean election) {
    return new HealthChecks(() -> state, () -> synced, () -> lost, election, informers);
  }

  private static boolean passed(List<ProbeServer.Check> checks) {
    return checks.stream().allMatch(ProbeServer.Check::passed);
  }

  private static List<String> failures(List<ProbeServer.Check> checks) {
    return checks.stream()
        .filter(c -> !c.passed())
        .map(c -> c.name() + ": " + c.failure())
        .toList();
  }

  @Test
  void withoutElection() {
    HealthChecks checks = checks(false);
    // alive from the start, ready once running and synced
    assertThat(passed(checks.liveness())).isTrue();
    assertThat(failures(checks.readiness()))
        .containsExactly("manager: new", "informers-synced: caches not synced yet");

    state = ManagerState.STARTING;
    informers.set("configmaps", InformerHealth.State.LISTING, false);
    assertThat(failures(checks.readiness()))
        .containsExactly("manager: starting", "informers-synced: caches not synced yet");

    state = ManagerState.RUNNING;
    synced = true;
    informers.set("configmaps", InformerHealth.State.WATCHING, true);
    assertThat(passed(checks.readiness())).isTrue();
    assertThat(passed(checks.liveness())).isTrue();
    assertThat(checks.liveness())
        .extracting(ProbeServer.Check::name)
        .containsExactly("ping", "informers");

    // a watch error is retried by the informer: still alive and ready
    informers.set("configmaps", InformerHealth.State.BACKING_OFF, true);
    assertThat(passed(checks.liveness())).isTrue();
    assertThat(passed(checks.readiness())).isTrue();

    // an informer stopped under a running manager: restart the process
    informers.set("configmaps", InformerHealth.State.STOPPED, true);
    assertThat(failures(checks.liveness())).containsExactly("informers: configmaps stopped");

    // stopping: alive, not ready
    state = ManagerState.STOPPING;
    assertThat(passed(checks.liveness())).isTrue();
    assertThat(failures(checks.readiness())).containsExactly("manager: stopping");
  }

  @Test
  void withElectionAStandbyIsReadyAndALostLeaseFailsLiveness() {
    HealthChecks checks = checks(true);
    state = ManagerState.RUNNING;
    synced = true;
    informers.set("secrets", InformerHealth.State.WATCHING, true);
    // leader or standby: the checks do not ask which
    assertThat(passed(checks.readiness())).isTrue();
    assertThat(checks.readiness())
        .extracting(ProbeServer.Check::name)
        .containsExactly("ping", "manager", "leader-election", "informers-synced");

    lost = true;
    informers.set("secrets", InformerHealth.State.STOPPED, true);
    assertThat(failures(checks.liveness()))
        .containsExactly("leader-election: leadership lost", "informers: secrets stopped");
    assertThat(failures(checks.readiness()))
        .containsExactly("leader-election: leadership lost", "informers-synced: secrets stopped");
  }

  /** Only {@link #health()} is used by the checks. */
  private static final class FakeInformers implements InformerFactory {
    private final Map<String, InformerHealth> health = new ConcurrentHashMap<>();

    void set(String name, InformerHealth.State state, boolean synced) {
      health.put(name, new InformerHealth(state, synced, 0, Optional.empty(), 0, Optional.empty()));
    }

    @Override
    public Map<String, InformerHealth> health() {
      return Map.copyOf(health);
    }

    @Override
    public <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <T extends HasMetadata> SharedIndexInformer<T> informer(
        Class<T> type, InformerOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SharedIndexInformer<GenericKubernetesResource> genericInformer(
        ResourceDefinitionContext resource, InformerOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SharedIndexInformer<PartialObjectMetadata> metadataInformer(
        Class<? extends HasMetadata> type, InformerOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SharedIndexInformer<PartialObjectMetadata> metadataInformer(
        ResourceDefinitionContext resource, InformerOptions options) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void startAll() {}

    @Override
    public boolean waitForCacheSync(Duration timeout) {
      return true;
    }

    @Override
    public void close() {}
  }
}
