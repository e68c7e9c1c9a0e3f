package io.kubeloop.operators.node;

import java.time.Instant;

/**
 * The node agent's time: wall-clock instants for what it writes (timestamps in pod and node status,
 * lease renew times) and a monotonic reading with waits for what it schedules (lease renewals,
 * restart back-off, grace periods, probe periods, simulated start delays).
 *
 * <p>Production code uses {@link #system()}; tests use {@link FakeAgentClock}, which moves only
 * when stepped, so a 5-minute back-off passes without sleeping. Implementations are thread-safe.
 */
public interface AgentClock extends io.kubeloop.workqueue.Clock {

  /** The current wall-clock time. */
  Instant now();

  /** The system's clocks: {@link Instant#now()} and {@link System#nanoTime()}. */
  static AgentClock system() {
    return SystemAgentClock.INSTANCE;
  }
}
