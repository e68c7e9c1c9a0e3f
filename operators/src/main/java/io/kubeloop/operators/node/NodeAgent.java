package io.kubeloop.operators.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;

/**
 * kubeloop's kubelet: one node that registers itself with the API server, keeps its Lease renewed,
 * runs the pods bound to it (through a {@link ContainerRuntime}), reports their status, and serves
 * their logs to the API server's pods/log.
 *
 * <pre>{@code
 * try (NodeAgent agent = NodeAgent.builder(client).name("worker-1").build().start()) {
 *   // pods with spec.nodeName "worker-1" now run here; kubectl logs works for them
 * }
 * }</pre>
 *
 * <p>It talks to the API server only through the Fabric8 client it is given (watching pods with
 * {@code spec.nodeName=<name>}), as a kubelet does. Closing it stops the heartbeats, so the node's
 * Lease expires, and kills the containers it runs (no runtime outlives the agent). Thread-safe.
 */
public final class NodeAgent implements AutoCloseable {

  private final AgentHost host;
  private final NodeIdentity identity;
  private final AgentHost.Config config;
  private final Duration syncTimeout;

  NodeAgent(AgentHost host, NodeIdentity identity, AgentHost.Config config, Duration syncTimeout) {
    this.host = host;
    this.identity = identity;
    this.config = config;
    this.syncTimeout = syncTimeout;
  }

  /** A builder for an agent that talks to the API server through {@code client}. */
  public static NodeAgentBuilder builder(KubernetesClient client) {
    return new NodeAgentBuilder(client);
  }

  /**
   * Registers the node, creates its Lease, and starts running its pods; returns once the pod cache
   * has synced.
   *
   * @return this agent
   * @throws IllegalStateException when registration fails or the cache does not sync in time
   */
  public NodeAgent start() {
    try {
      host.start(syncTimeout);
      return this;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while starting node " + identity.name(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The node's name. */
  public String name() {
    return identity.name();
  }

  /** The node's InternalIP. */
  public String address() {
    return identity.internalIp();
  }

  /** The port of its log server: {@code status.daemonEndpoints.kubeletEndpoint.Port}. */
  public int logPort() {
    return identity.port();
  }

  /** Where container logs are written. */
  public Path logDirectory() {
    return config.logRoot();
  }

  /** How many pods the agent runs (or tears down) now. */
  public int podCount() {
    return host.node(identity.name()).map(u -> u.pods().size()).orElse(0);
  }

  /** Stops heartbeats, kills the containers, stops the log server. */
  @Override
  public void close() {
    host.close();
  }

  @Override
  public String toString() {
    return "NodeAgent["
        + identity.name()
        + ", "
        + identity.internalIp()
        + ":"
        + identity.port()
        + "]";
  }
}
