package io.kubeloop.operators.node;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's registration and heartbeats, as the kubelet's node status manager and lease controller:
 *
 * <ul>
 *   <li>{@link #register()} creates the Node with its status (kube lets nodes carry it on create),
 *       or merges the labels of an existing one and writes its status through nodes/status:
 *       capacity, allocatable, addresses, daemon endpoint, node info, and the conditions
 *       MemoryPressure, DiskPressure and PIDPressure False and Ready True with reason KubeletReady,
 *       "kubelet is posting ready status". Then it creates its Lease in {@value #LEASE_NAMESPACE}
 *       (see {@link #ensureLeaseNamespace}), owned by the Node;
 *   <li>{@link #tick()}, every quarter of the lease duration (10 s for kube's 40 s), renews the
 *       Lease, and posts the status again (new heartbeat times) once the report interval (5 min,
 *       kube's {@code nodeStatusReportFrequency}) has passed.
 * </ul>
 *
 * <p>The Lease is what the node lifecycle controller watches: when it stops being renewed, the node
 * goes NotReady/Unknown there. Not thread-safe: one worker at a time (the queue's guarantee).
 */
final class NodeHeartbeat {

  static final String LEASE_NAMESPACE = "kube-node-lease";

  private final KubernetesClient client;
  private final NodeIdentity identity;
  private final AgentClock clock;
  private final Duration leaseDuration;
  private final Duration reportInterval;
  private Instant readySince;
  private long lastReportNanos;
  private long lastRenewNanos;
  private String nodeUid;
  private Lease lease;

  NodeHeartbeat(
      KubernetesClient client,
      NodeIdentity identity,
      AgentClock clock,
      Duration leaseDuration,
      Duration reportInterval) {
    this.client = client;
    this.identity = identity;
    this.clock = clock;
    this.leaseDuration = leaseDuration;
    this.reportInterval = reportInterval;
  }

  /** How often {@link #tick()} should run: a quarter of the lease duration. */
  Duration renewInterval() {
    return leaseDuration.dividedBy(4);
  }

  void register() {
    Node node;
    boolean created = true;
    try {
      // nodes may carry their status on create, so one request registers a new node
      node = client.nodes().resource(initialNode()).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      created = false;
      node =
          client
              .nodes()
              .withName(identity.name())
              .patch(
                  PatchContext.of(PatchType.JSON_MERGE),
                  client
                      .getKubernetesSerialization()
                      .asJson(Map.of("metadata", Map.of("labels", identity.labels()))));
    }
    nodeUid = node.getMetadata().getUid();
    readySince = clock.now();
    if (!created || !hasConditions(node)) {
      // an existing node keeps its old status on update; a server may also drop it on create
      postStatus();
    } else {
      lastReportNanos = clock.nanoTime();
    }
    renewLease();
    lastRenewNanos = clock.nanoTime();
  }

  private static boolean hasConditions(Node node) {
    return node.getStatus() != null && !node.getStatus().getConditions().isEmpty();
  }

  /**
   * Renews the lease; posts the status when the report interval has passed, or when the previous
   * renewal is long past (renewals failed, or the agent stalled): the node lifecycle controller may
   * have marked the node Unknown meanwhile, and only a new status makes it Ready again.
   */
  void tick() {
    long now = clock.nanoTime();
    boolean late = lastRenewNanos != 0 && now - lastRenewNanos > 2 * renewInterval().toNanos();
    renewLease();
    lastRenewNanos = clock.nanoTime();
    if (late || clock.nanoTime() - lastReportNanos >= reportInterval.toNanos()) {
      postStatus();
    }
  }

  /** The lease as last written, or null before registration. */
  Lease lease() {
    return lease;
  }

  private Node initialNode() {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put("node.alpha.kubernetes.io/ttl", "0");
    annotations.put("volumes.kubernetes.io/controller-managed-attach-detach", "true");
    return new NodeBuilder()
        .withNewMetadata()
        .withName(identity.name())
        .withLabels(identity.labels())
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withStatus(status(clock.now()))
        .build();
  }

  private void postStatus() {
    Instant now = clock.now();
    client
        .nodes()
        .withName(identity.name())
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            client.getKubernetesSerialization().asJson(Map.of("status", status(now))));
    lastReportNanos = clock.nanoTime();
  }

  private NodeStatus status(Instant now) {
    NodeStatus status = new NodeStatus();
    status.setCapacity(identity.resources().capacity());
    status.setAllocatable(identity.resources().allocatable());
    Instant since = readySince == null ? now : readySince;
    List<NodeCondition> conditions = new ArrayList<>();
    conditions.add(
        condition(
            "MemoryPressure",
            "False",
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
            now,
            since));
    conditions.add(
        condition(
            "DiskPressure",
            "False",
            "KubeletHasNoDiskPressure",
            "kubelet has no disk pressure",
            now,
            since));
    conditions.add(
        condition(
            "PIDPressure",
            "False",
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
            now,
            since));
    conditions.add(
        condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now, since));
    status.setConditions(conditions);
    status.setAddresses(
        List.of(
            new NodeAddress(identity.internalIp(), "InternalIP"),
            new NodeAddress(identity.hostname(), "Hostname")));
    status.setDaemonEndpoints(
        new io.fabric8.kubernetes.api.model.NodeDaemonEndpointsBuilder()
            .withNewKubeletEndpoint(identity.port())
            .build());
    NodeIdentity.HostFacts host = identity.host();
    NodeSystemInfo info = new NodeSystemInfo();
    info.setMachineID(host.machineId());
    info.setSystemUUID(host.systemUuid());
    info.setBootID(host.bootId());
    info.setKernelVersion(host.kernelVersion());
    info.setOsImage(host.osImage());
    info.setContainerRuntimeVersion(identity.runtimeVersion());
    info.setKubeletVersion(identity.kubeletVersion());
    info.setKubeProxyVersion("");
    info.setOperatingSystem(host.operatingSystem());
    info.setArchitecture(host.architecture());
    status.setNodeInfo(info);
    status.setImages(List.of());
    return status;
  }

  private static NodeCondition condition(
      String type, String status, String reason, String message, Instant now, Instant since) {
    NodeCondition condition = new NodeCondition();
    condition.setType(type);
    condition.setStatus(status);
    condition.setReason(reason);
    condition.setMessage(message);
    condition.setLastHeartbeatTime(StatusComputer.time(now));
    condition.setLastTransitionTime(StatusComputer.time(since));
    return condition;
  }

  /** Creates the lease namespace if it is missing; once per host, before registering. */
  static void ensureLeaseNamespace(KubernetesClient client) {
    if (client.namespaces().withName(LEASE_NAMESPACE).get() != null) {
      return;
    }
    try {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(LEASE_NAMESPACE)
                  .endMetadata()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  /** Creates the lease, or renews it: an update of the last one seen, retried once on conflict. */
  private void renewLease() {
    Instant now = clock.now();
    if (lease == null) {
      try {
        lease = client.leases().inNamespace(LEASE_NAMESPACE).resource(newLease(now)).create();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        lease = client.leases().inNamespace(LEASE_NAMESPACE).withName(identity.name()).get();
      }
    }
    try {
      lease = client.leases().inNamespace(LEASE_NAMESPACE).resource(renewed(lease, now)).update();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        lease = null;
        renewLease();
        return;
      }
      if (e.getCode() != 409) {
        throw e;
      }
      Lease latest = client.leases().inNamespace(LEASE_NAMESPACE).withName(identity.name()).get();
      lease = client.leases().inNamespace(LEASE_NAMESPACE).resource(renewed(latest, now)).update();
    }
  }

  private Lease newLease(Instant now) {
    LeaseBuilder builder =
        new LeaseBuilder()
            .withNewMetadata()
            .withName(identity.name())
            .withNamespace(LEASE_NAMESPACE)
            .endMetadata()
            .withNewSpec()
            .withHolderIdentity(identity.name())
            .withLeaseDurationSeconds((int) leaseDuration.toSeconds())
            .withRenewTime(now.atZone(ZoneOffset.UTC))
            .endSpec();
    if (nodeUid != null) {
      builder
          .editMetadata()
          .withOwnerReferences(
              new OwnerReferenceBuilder()
                  .withApiVersion("v1")
                  .withKind("Node")
                  .withName(identity.name())
                  .withUid(nodeUid)
                  .build())
          .endMetadata();
    }
    return builder.build();
  }

  private Lease renewed(Lease lease, Instant now) {
    return new LeaseBuilder(lease)
        .editSpec()
        .withHolderIdentity(identity.name())
        .withLeaseDurationSeconds((int) leaseDuration.toSeconds())
        .withRenewTime(now.atZone(ZoneOffset.UTC))
        .endSpec()
        .build();
  }
}
