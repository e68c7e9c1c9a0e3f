package io.kubeloop.operators.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link NodeAgent}. Every setting has a default; {@code build()} checks them and fails
 * fast with a message.
 *
 * <pre>{@code
 * NodeAgent agent = NodeAgent.builder(client)
 *     .name("worker-1")
 *     .runtime(ProcessRuntime.create())
 *     .build()
 *     .start();
 * }</pre>
 *
 * <p>Not thread-safe; build on one thread.
 */
public final class NodeAgentBuilder {

  private final AgentSettings settings;
  private String name;
  private String hostname;
  private NodeResources resources;

  NodeAgentBuilder(KubernetesClient client) {
    this.settings = new AgentSettings(client, 4);
  }

  /** The node's name. Default: the machine's host name. */
  public NodeAgentBuilder name(String name) {
    this.name = requireText(name, "name");
    return this;
  }

  /** The node's Hostname address and kubernetes.io/hostname label. Default: its name. */
  public NodeAgentBuilder hostname(String hostname) {
    this.hostname = requireText(hostname, "hostname");
    return this;
  }

  /** What runs the containers. Default: {@link ProcessRuntime#create()}. */
  public NodeAgentBuilder runtime(ContainerRuntime runtime) {
    settings.runtime = Objects.requireNonNull(runtime, "runtime");
    return this;
  }

  /** The agent's time. Default: {@link AgentClock#system()}. */
  public NodeAgentBuilder clock(AgentClock clock) {
    settings.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** What the node reports as capacity. Default: {@link NodeResources#detect()}. */
  public NodeAgentBuilder resources(NodeResources resources) {
    this.resources = Objects.requireNonNull(resources, "resources");
    return this;
  }

  /**
   * The node's InternalIP: where the API server reaches its log server, and its pods' IP. Default:
   * the first IPv4 address of an interface that is up and not loopback, else 127.0.0.1.
   */
  public NodeAgentBuilder address(String ip) {
    settings.address = requireText(ip, "address");
    return this;
  }

  /** The port of the log server (the kubelet's 10250). Default: 0, a free port. */
  public NodeAgentBuilder logPort(int port) {
    settings.logPort = AgentSettings.port(port);
    return this;
  }

  /** The address the log server binds to. Default: {@code 0.0.0.0}. */
  public NodeAgentBuilder bindAddress(String address) {
    settings.bindAddress = requireText(address, "bindAddress");
    return this;
  }

  /** The log server's certificate and key (PEM). Default: a self-signed one, made at start. */
  public NodeAgentBuilder servingCertificate(String certificatePem, String privateKeyPem) {
    settings.servingCertificatePem = requireText(certificatePem, "certificatePem");
    settings.servingKeyPem = requireText(privateKeyPem, "privateKeyPem");
    return this;
  }

  /**
   * The CA (PEM) that signs the client certificates the log server accepts. Default: the cluster CA
   * in the client's configuration, which signs the certificate kubeloop's API server presents.
   */
  public NodeAgentBuilder clientCaPem(String pem) {
    settings.clientCaPem = requireText(pem, "pem");
    return this;
  }

  /** Serves logs to any client, certificate or not. Off by default; for tests only. */
  public NodeAgentBuilder allowAnyLogClient() {
    settings.allowAnyClient = true;
    return this;
  }

  /**
   * Where container logs are written ({@code <dir>/<ns>_<pod>_<uid>/<container>/<n>.log}, the
   * kubelet's layout). Default: a temporary directory, removed when the agent closes.
   */
  public NodeAgentBuilder logDirectory(Path directory) {
    settings.logDirectory = Objects.requireNonNull(directory, "directory");
    return this;
  }

  /** Labels added to kubernetes.io/hostname, kubernetes.io/os and kubernetes.io/arch. */
  public NodeAgentBuilder labels(Map<String, String> labels) {
    settings.labels.putAll(Objects.requireNonNull(labels, "labels"));
    return this;
  }

  /** {@code nodeInfo.kubeletVersion}. Default: {@value AgentSettings#KUBELET_VERSION}. */
  public NodeAgentBuilder kubeletVersion(String version) {
    settings.kubeletVersion = requireText(version, "version");
    return this;
  }

  /** The Lease's duration; it is renewed every quarter of it. Default: 40 s, as kube. */
  public NodeAgentBuilder leaseDuration(Duration duration) {
    settings.leaseDuration = AgentSettings.positive(duration, "leaseDuration");
    return this;
  }

  /** How often the node status is posted when nothing changed. Default: 5 min, as kube. */
  public NodeAgentBuilder statusReportInterval(Duration interval) {
    settings.statusReportInterval = AgentSettings.positive(interval, "statusReportInterval");
    return this;
  }

  /** How many pods are synced at once. Default: 4. */
  public NodeAgentBuilder workers(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, was " + workers);
    }
    settings.workers = workers;
    return this;
  }

  /** How long {@link NodeAgent#start()} waits for the pod cache. Default: 30 s. */
  public NodeAgentBuilder syncTimeout(Duration timeout) {
    settings.syncTimeout = AgentSettings.positive(timeout, "syncTimeout");
    return this;
  }

  /**
   * Builds the agent: starts its log server (so the port is known), nothing else.
   *
   * @throws IllegalStateException when there is no CA for client certificates (see {@link
   *     #clientCaPem})
   */
  public NodeAgent build() {
    String nodeName = name != null ? name : AgentSettings.hostname("kubeloop-node");
    String host = hostname != null ? hostname : nodeName;
    AgentHost.Config config =
        settings.hostConfig("spec.nodeName=" + nodeName, ProcessRuntime.create(), nodeName);
    AgentHost agentHost = new AgentHost(config);
    try {
      NodeIdentity.HostFacts facts = NodeIdentity.HostFacts.detect().forNode(nodeName);
      NodeIdentity identity =
          new NodeIdentity(
              nodeName,
              settings.address(),
              host,
              settings.labels(host, facts),
              resources != null ? resources : NodeResources.detect(),
              agentHost.logPort(),
              settings.kubeletVersion,
              config.runtime().version(),
              facts);
      agentHost.addNode(identity);
      return new NodeAgent(agentHost, identity, config, settings.syncTimeout);
    } catch (RuntimeException e) {
      agentHost.close();
      throw e;
    }
  }

  static String requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }
}
