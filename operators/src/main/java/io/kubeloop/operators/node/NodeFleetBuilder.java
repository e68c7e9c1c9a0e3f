package io.kubeloop.operators.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link NodeFleet}: {@code size} nodes named {@code <prefix>0}, {@code <prefix>1}, ...
 * (or the given names), with the same resources and labels. Defaults: {@link
 * SimulatedRuntime#create()}, 4 CPUs, 16Gi of memory, 110 pods and 100Gi of storage per node, the
 * address 127.0.0.1 for every node.
 *
 * <p>Not thread-safe; build on one thread.
 */
public final class NodeFleetBuilder {

  private final AgentSettings settings;
  private String prefix = "kubeloop-sim-";
  private int size = 1;
  private List<String> names;
  private NodeResources resources = new NodeResources("4", "16Gi", "110", "100Gi");

  NodeFleetBuilder(KubernetesClient client) {
    this.settings = new AgentSettings(client, 16);
    settings.address = "127.0.0.1";
  }

  /** The prefix of the nodes' names. Default: {@code kubeloop-sim-}. */
  public NodeFleetBuilder namePrefix(String prefix) {
    this.prefix = NodeAgentBuilder.requireText(prefix, "prefix");
    return this;
  }

  /** How many nodes. Default: 1. */
  public NodeFleetBuilder size(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, was " + size);
    }
    this.size = size;
    return this;
  }

  /** The nodes' names, instead of a prefix and a size. */
  public NodeFleetBuilder names(List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("names must not be empty");
    }
    this.names = List.copyOf(names);
    return this;
  }

  /** What runs the containers of every node. Default: {@link SimulatedRuntime#create()}. */
  public NodeFleetBuilder runtime(ContainerRuntime runtime) {
    settings.runtime = Objects.requireNonNull(runtime, "runtime");
    return this;
  }

  /** The fleet's time. Default: {@link AgentClock#system()}. */
  public NodeFleetBuilder clock(AgentClock clock) {
    settings.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** Each node's capacity. */
  public NodeFleetBuilder resources(NodeResources resources) {
    this.resources = Objects.requireNonNull(resources, "resources");
    return this;
  }

  /** Every node's InternalIP (they share one log server). Default: 127.0.0.1. */
  public NodeFleetBuilder address(String ip) {
    settings.address = NodeAgentBuilder.requireText(ip, "address");
    return this;
  }

  /** The shared log server's port. Default: 0, a free port. */
  public NodeFleetBuilder logPort(int port) {
    settings.logPort = AgentSettings.port(port);
    return this;
  }

  /** The CA (PEM) of accepted log clients. Default: the client's cluster CA. */
  public NodeFleetBuilder clientCaPem(String pem) {
    settings.clientCaPem = NodeAgentBuilder.requireText(pem, "pem");
    return this;
  }

  /** Serves logs to any client. Off by default; for tests only. */
  public NodeFleetBuilder allowAnyLogClient() {
    settings.allowAnyClient = true;
    return this;
  }

  /** Where process containers' logs go. Default: a temporary directory removed at close. */
  public NodeFleetBuilder logDirectory(Path directory) {
    settings.logDirectory = Objects.requireNonNull(directory, "directory");
    return this;
  }

  /** Labels for every node, beside kubernetes.io/hostname, /os and /arch. */
  public NodeFleetBuilder labels(Map<String, String> labels) {
    settings.labels.putAll(Objects.requireNonNull(labels, "labels"));
    return this;
  }

  /** The Lease duration; renewed every quarter of it. Default: 40 s. */
  public NodeFleetBuilder leaseDuration(Duration duration) {
    settings.leaseDuration = AgentSettings.positive(duration, "leaseDuration");
    return this;
  }

  /** How often node status is posted when nothing changed. Default: 5 min. */
  public NodeFleetBuilder statusReportInterval(Duration interval) {
    settings.statusReportInterval = AgentSettings.positive(interval, "statusReportInterval");
    return this;
  }

  /** How many pods are synced at once, over all nodes. Default: 16. */
  public NodeFleetBuilder workers(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, was " + workers);
    }
    settings.workers = workers;
    return this;
  }

  /** How long {@link NodeFleet#start()} waits for the pod cache. Default: 30 s. */
  public NodeFleetBuilder syncTimeout(Duration timeout) {
    settings.syncTimeout = AgentSettings.positive(timeout, "syncTimeout");
    return this;
  }

  /** Builds the fleet and starts its shared log server. */
  public NodeFleet build() {
    List<String> nodeNames = names;
    if (nodeNames == null) {
      nodeNames = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        nodeNames.add(prefix + i);
      }
    }
    // pods bound to any node: unscheduled ones are not this fleet's business
    AgentHost.Config config =
        settings.hostConfig("spec.nodeName!=", SimulatedRuntime.create(), "fleet");
    AgentHost host = new AgentHost(config);
    try {
      NodeIdentity.HostFacts machine = NodeIdentity.HostFacts.detect();
      for (String name : nodeNames) {
        NodeIdentity.HostFacts facts = machine.forNode(name);
        host.addNode(
            new NodeIdentity(
                name,
                settings.address(),
                name,
                settings.labels(name, facts),
                resources,
                host.logPort(),
                settings.kubeletVersion,
                config.runtime().version(),
                facts));
      }
      return new NodeFleet(host, settings.syncTimeout);
    } catch (RuntimeException e) {
      host.close();
      throw e;
    }
  }
}
