package io.kubeloop.runtime;

import io.kubeloop.informers.InformerFactory;
import io.kubeloop.informers.InformerHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What {@code /healthz} and {@code /readyz} check, from the manager's state. Liveness fails only
 * when restarting the process would help (the lease was lost, an informer stopped under a running
 * manager); readiness also waits for the start and the caches, and is false while stopping. As in
 * controller-runtime, a standby (election on, not leading) is ready. Thread-safe: reads volatile
 * state only.
 */
final class HealthChecks {

  private final Supplier<ManagerState> state;
  private final BooleanSupplier cachesSynced;
  private final BooleanSupplier leadershipLost;
  private final boolean electionEnabled;
  private final InformerFactory informers;

  HealthChecks(
      Supplier<ManagerState> state,
      BooleanSupplier cachesSynced,
      BooleanSupplier leadershipLost,
      boolean electionEnabled,
      InformerFactory informers) {
    this.state = state;
    this.cachesSynced = cachesSynced;
    this.leadershipLost = leadershipLost;
    this.electionEnabled = electionEnabled;
    this.informers = informers;
  }

  /** {@code /healthz}: the process works (informers not stopped, lease not lost). */
  List<ProbeServer.Check> liveness() {
    List<ProbeServer.Check> checks = new ArrayList<>();
    checks.add(ProbeServer.Check.ok("ping"));
    addLeaderElection(checks);
    checks.add(informersCheck("informers", false));
    return checks;
  }

  /** {@code /readyz}: started, caches synced, leader or standby, not stopping. */
  List<ProbeServer.Check> readiness() {
    List<ProbeServer.Check> checks = new ArrayList<>();
    checks.add(ProbeServer.Check.ok("ping"));
    ManagerState s = state.get();
    checks.add(
        s == ManagerState.RUNNING
            ? ProbeServer.Check.ok("manager")
            : new ProbeServer.Check("manager", s.name().toLowerCase(Locale.ROOT)));
    addLeaderElection(checks);
    checks.add(informersCheck("informers-synced", true));
    return checks;
  }

  private void addLeaderElection(List<ProbeServer.Check> checks) {
    if (leadershipLost.getAsBoolean()) {
      checks.add(new ProbeServer.Check("leader-election", "leadership lost"));
    } else if (electionEnabled) {
      checks.add(ProbeServer.Check.ok("leader-election"));
    }
  }

  private ProbeServer.Check informersCheck(String name, boolean requireSynced) {
    if (requireSynced && !cachesSynced.getAsBoolean()) {
      return new ProbeServer.Check(name, "caches not synced yet");
    }
    if (state.get() == ManagerState.STOPPING) {
      return ProbeServer.Check.ok(name); // stopping them is the point
    }
    for (Map.Entry<String, InformerHealth> e : informers.health().entrySet()) {
      if (e.getValue().state() == InformerHealth.State.STOPPED) {
        return new ProbeServer.Check(name, e.getKey() + " stopped");
      }
    }
    return ProbeServer.Check.ok(name);
  }
}
