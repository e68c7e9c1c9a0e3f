package io.kubeloop.operators.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;

/**
 * Many nodes in one JVM, for scale tests: each registers, heartbeats and runs its pods as a {@link
 * NodeAgent} does, but they share one client, one pod informer, one work queue with its workers,
 * one log server and one runtime (by default a {@link SimulatedRuntime}), so a node costs little
 * more than its Lease renewals and the map of its pods.
 *
 * <pre>{@code
 * SimulatedRuntime runtime = SimulatedRuntime.create(Duration.ofSeconds(1));
 * try (NodeFleet fleet = NodeFleet.builder(client).size(300).runtime(runtime).build().start()) {
 *   // 300 Ready nodes; pods bound to them go Running after a second
 *   runtime.exit("default", "job-1", 0); // job-1's containers complete
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class NodeFleet implements AutoCloseable {

  private final AgentHost host;
  private final Duration syncTimeout;

  NodeFleet(AgentHost host, Duration syncTimeout) {
    this.host = host;
    this.syncTimeout = syncTimeout;
  }

  public static NodeFleetBuilder builder(KubernetesClient client) {
    return new NodeFleetBuilder(client);
  }

  /**
   * Registers every node (in parallel) and starts running their pods; returns once the pod cache
   * has synced.
   *
   * @return this fleet
   */
  public NodeFleet start() {
    try {
      host.start(syncTimeout);
      return this;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while starting the fleet", e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The nodes' names, sorted. */
  public List<String> nodeNames() {
    return host.nodeNames();
  }

  /** The shared log server's port. */
  public int logPort() {
    return host.logPort();
  }

  /** How many pods the fleet runs now, over all nodes. */
  public int podCount() {
    int count = 0;
    for (String name : host.nodeNames()) {
      count += host.node(name).map(u -> u.pods().size()).orElse(0);
    }
    return count;
  }

  /** Stops every node's heartbeats and its pods. */
  @Override
  public void close() {
    host.close();
  }
}
