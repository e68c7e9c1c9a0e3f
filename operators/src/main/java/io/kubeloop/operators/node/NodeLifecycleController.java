package io.kubeloop.operators.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubeloop.informers.InformerFactory;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.informers.SharedIndexInformer;
import io.kubeloop.workqueue.DelayingQueue;
import io.kubeloop.workqueue.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node-health part of kube-controller-manager's node lifecycle controller: every monitor period
 * it looks at each Node, and a node whose agent has neither renewed its Lease nor posted a new
 * Ready heartbeat for the grace period (50 s; 60 s for a node that never posted one) gets its
 * conditions Ready, MemoryPressure, DiskPressure and PIDPressure set to Unknown (reason {@code
 * NodeStatusUnknown}, "Kubelet stopped posting node status.", or {@code NodeStatusNeverUpdated})
 * and the taints {@code node.kubernetes.io/unreachable} NoSchedule and NoExecute. A node whose
 * Ready condition is True again loses those taints; one whose Ready is False gets {@code
 * node.kubernetes.io/not-ready} instead.
 *
 * <p>Liveness is judged on this controller's clock, by when it <em>observed</em> a new renew time
 * or heartbeat, not by the times written, so the nodes' clocks need not agree with it (kube does
 * the same). It does not evict pods (kube's taint manager does, for pods that do not tolerate the
 * NoExecute taint) nor mark them NotReady.
 *
 * <pre>{@code
 * try (NodeLifecycleController controller = NodeLifecycleController.builder(client).build().start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class NodeLifecycleController implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycleController.class);

  static final String UNREACHABLE = "node.kubernetes.io/unreachable";
  static final String NOT_READY = "node.kubernetes.io/not-ready";

  private static final List<String> AGENT_CONDITIONS =
      List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");

  private final KubernetesClient client;
  private final AgentClock clock;
  private final Duration gracePeriod;
  private final Duration startupGracePeriod;
  private final Duration monitorPeriod;
  private final DelayingQueue<String> queue;
  private final Map<String, Health> health = new ConcurrentHashMap<>();
  private InformerFactory informers;
  private SharedIndexInformer<Node> nodes;
  private SharedIndexInformer<Lease> leases;
  private Thread worker;

  /** What was last observed of a node, and when (a reading of the clock). */
  private record Health(String heartbeat, String renewTime, long observedNanos) {}

  private NodeLifecycleController(Builder builder) {
    this.client = builder.client;
    this.clock = builder.clock;
    this.gracePeriod = builder.gracePeriod;
    this.startupGracePeriod = builder.startupGracePeriod;
    this.monitorPeriod = builder.monitorPeriod;
    this.queue = WorkQueue.<String>builder().name("node-lifecycle").clock(clock).buildDelaying();
  }

  public static Builder builder(KubernetesClient client) {
    return new Builder(client);
  }

  /** Starts watching Nodes and Leases; returns once both caches synced. */
  public NodeLifecycleController start() {
    informers = InformerFactory.create(client);
    nodes = informers.informer(Node.class);
    leases =
        informers.informer(
            Lease.class, InformerOptions.defaults().withNamespaces(NodeHeartbeat.LEASE_NAMESPACE));
    informers.startAll();
    try {
      if (!informers.waitForCacheSync(Duration.ofSeconds(30))) {
        throw new IllegalStateException("caches did not sync: " + informers.health());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while starting", e);
    }
    worker = Thread.ofVirtual().name("node-lifecycle").start(this::run);
    queue.add("monitor");
    return this;
  }

  private void run() {
    try {
      for (Optional<String> next = queue.get(); next.isPresent(); next = queue.get()) {
        try {
          monitor();
        } catch (RuntimeException e) {
          LOG.warn("monitoring node health failed: {}", e.toString());
        } finally {
          queue.done(next.get());
          queue.addAfter(next.get(), monitorPeriod);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One pass over all nodes: kube's monitorNodeHealth. */
  void monitor() {
    long now = clock.nanoTime();
    List<String> seen = new ArrayList<>();
    for (Node node : nodes.indexer().list()) {
      String name = node.getMetadata().getName();
      seen.add(name);
      try {
        check(node, now);
      } catch (KubernetesClientException e) {
        LOG.warn("updating node {} failed: {}", name, e.toString());
      }
    }
    health.keySet().retainAll(seen);
  }

  private void check(Node node, long now) {
    String name = node.getMetadata().getName();
    Optional<NodeCondition> ready = condition(node, "Ready");
    String heartbeat = ready.map(NodeCondition::getLastHeartbeatTime).orElse(null);
    String renewTime =
        leases
            .indexer()
            .get(NodeHeartbeat.LEASE_NAMESPACE, name)
            .map(
                l ->
                    l.getSpec() == null || l.getSpec().getRenewTime() == null
                        ? null
                        : l.getSpec().getRenewTime().toString())
            .orElse(null);
    Health old = health.get(name);
    if (old == null
        || !Objects.equals(old.heartbeat(), heartbeat)
        || !Objects.equals(old.renewTime(), renewTime)) {
      health.put(name, new Health(heartbeat, renewTime, now));
      old = health.get(name);
    }
    Duration grace = ready.isPresent() ? gracePeriod : startupGracePeriod;
    boolean silent = now - old.observedNanos() > grace.toNanos();
    if (silent && !ready.map(c -> "Unknown".equals(c.getStatus())).orElse(false)) {
      markUnknown(node, ready.isPresent());
      return; // the node's new status comes back through the informer; taints follow next pass
    }
    String readyStatus = ready.map(NodeCondition::getStatus).orElse("Unknown");
    reconcileTaints(node, readyStatus);
  }

  private void markUnknown(Node node, boolean everReported) {
    String now = StatusComputer.time(clock.now());
    List<NodeCondition> conditions = new ArrayList<>();
    for (NodeCondition c :
        node.getStatus() == null ? List.<NodeCondition>of() : node.getStatus().getConditions()) {
      if (!AGENT_CONDITIONS.contains(c.getType())) {
        conditions.add(c);
      }
    }
    for (String type : AGENT_CONDITIONS) {
      Optional<NodeCondition> current = condition(node, type);
      NodeCondition c = new NodeCondition();
      c.setType(type);
      c.setStatus("Unknown");
      if (current.isPresent()) {
        c.setReason("NodeStatusUnknown");
        c.setMessage("Kubelet stopped posting node status.");
        c.setLastHeartbeatTime(current.get().getLastHeartbeatTime());
      } else {
        c.setReason("NodeStatusNeverUpdated");
        c.setMessage("Kubelet never posted node status.");
        c.setLastHeartbeatTime(now);
      }
      c.setLastTransitionTime(now);
      conditions.add(c);
    }
    LOG.info(
        "node {} {}: marking it Unknown",
        node.getMetadata().getName(),
        everReported ? "stopped posting its status" : "never posted its status");
    client
        .nodes()
        .withName(node.getMetadata().getName())
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            client
                .getKubernetesSerialization()
                .asJson(Map.of("status", Map.of("conditions", conditions))));
  }

  /** unreachable taints while Ready is Unknown, not-ready ones while False, none while True. */
  private void reconcileTaints(Node node, String readyStatus) {
    String wanted =
        switch (readyStatus) {
          case "True" -> null;
          case "False" -> NOT_READY;
          default -> UNREACHABLE;
        };
    List<Taint> current =
        node.getSpec() == null || node.getSpec().getTaints() == null
            ? List.of()
            : node.getSpec().getTaints();
    List<Taint> next = new ArrayList<>();
    for (Taint t : current) {
      boolean ours = UNREACHABLE.equals(t.getKey()) || NOT_READY.equals(t.getKey());
      if (!ours || t.getKey().equals(wanted)) {
        next.add(t);
      }
    }
    if (wanted != null) {
      for (String effect : List.of("NoSchedule", "NoExecute")) {
        boolean present =
            next.stream().anyMatch(t -> wanted.equals(t.getKey()) && effect.equals(t.getEffect()));
        if (!present) {
          Taint taint = new Taint();
          taint.setKey(wanted);
          taint.setEffect(effect);
          if (effect.equals("NoExecute")) {
            taint.setTimeAdded(StatusComputer.time(clock.now()));
          }
          next.add(taint);
        }
      }
    }
    if (next.equals(current)) {
      return;
    }
    client
        .nodes()
        .withName(node.getMetadata().getName())
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            client.getKubernetesSerialization().asJson(Map.of("spec", Map.of("taints", next))));
  }

  private static Optional<NodeCondition> condition(Node node, String type) {
    if (node.getStatus() == null) {
      return Optional.empty();
    }
    return node.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  @Override
  public void close() {
    queue.shutDown();
    if (worker != null) {
      worker.interrupt();
    }
    if (informers != null) {
      informers.close();
    }
  }

  /** Builds a {@link NodeLifecycleController}. Not thread-safe. */
  public static final class Builder {
    private final KubernetesClient client;
    private AgentClock clock = AgentClock.system();
    private Duration gracePeriod = Duration.ofSeconds(50);
    private Duration startupGracePeriod = Duration.ofSeconds(60);
    private Duration monitorPeriod = Duration.ofSeconds(5);

    private Builder(KubernetesClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /** The controller's time. Default: {@link AgentClock#system()}. */
    public Builder clock(AgentClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long a node may be silent before it is Unknown. Default: 50 s. */
    public Builder gracePeriod(Duration gracePeriod) {
      this.gracePeriod = AgentSettings.positive(gracePeriod, "gracePeriod");
      return this;
    }

    /** The same for a node that never posted a Ready condition. Default: 60 s. */
    public Builder startupGracePeriod(Duration gracePeriod) {
      this.startupGracePeriod = AgentSettings.positive(gracePeriod, "startupGracePeriod");
      return this;
    }

    /** How often all nodes are checked. Default: 5 s. */
    public Builder monitorPeriod(Duration period) {
      this.monitorPeriod = AgentSettings.positive(period, "monitorPeriod");
      return this;
    }

    public NodeLifecycleController build() {
      return new NodeLifecycleController(this);
    }
  }
}
