package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Map;

/**
 * One node as the plugins see it (kube's {@code framework.NodeInfo}): the node's labels, taints,
 * unschedulable flag and allocatable resources, and what the pods assigned or assumed to it
 * request.
 *
 * <p>Immutable: the cache replaces a node's entry on every change, so a snapshot can share entries
 * with the cache and never sees one half-updated. {@code node} is null for an entry that exists
 * only because pods still name a node that was deleted (or not seen yet); such entries are never in
 * a snapshot's node list.
 *
 * @param name the node's name
 * @param node the Node object, or null
 * @param allocatable {@code status.allocatable} without pods
 * @param allowedPods {@code status.allocatable.pods}
 * @param requested the sum of the requests of the pods on the node
 * @param nonZeroMilliCpu cpu of the pods on the node, with kube's default for pods asking none
 * @param nonZeroMemory memory likewise
 * @param podCount the pods on the node, assumed ones included
 */
record NodeInfo(
    String name,
    Node node,
    Resources allocatable,
    long allowedPods,
    Resources requested,
    long nonZeroMilliCpu,
    long nonZeroMemory,
    int podCount) {

  /** An entry without a Node object and without pods. */
  static NodeInfo empty(String name) {
    return new NodeInfo(name, null, Resources.ZERO, 0, Resources.ZERO, 0, 0, 0);
  }

  /** A node without pods. */
  static NodeInfo of(Node node) {
    return empty(node.getMetadata().getName()).withNode(node);
  }

  NodeInfo withNode(Node n) {
    Resources alloc = Resources.ZERO;
    long pods = 0;
    if (n != null && n.getStatus() != null && n.getStatus().getAllocatable() != null) {
      alloc = Resources.of(n.getStatus().getAllocatable());
      pods = Quantities.value(n.getStatus().getAllocatable().get(Resources.PODS));
    }
    return new NodeInfo(name, n, alloc, pods, requested, nonZeroMilliCpu, nonZeroMemory, podCount);
  }

  NodeInfo withPod(PodResources pod) {
    return new NodeInfo(
        name,
        node,
        allocatable,
        allowedPods,
        requested.plus(pod.requests()),
        nonZeroMilliCpu + pod.nonZeroMilliCpu(),
        nonZeroMemory + pod.nonZeroMemory(),
        podCount + 1);
  }

  NodeInfo withoutPod(PodResources pod) {
    return new NodeInfo(
        name,
        node,
        allocatable,
        allowedPods,
        requested.minus(pod.requests()),
        nonZeroMilliCpu - pod.nonZeroMilliCpu(),
        nonZeroMemory - pod.nonZeroMemory(),
        podCount - 1);
  }

  Map<String, String> labels() {
    Map<String, String> labels = node == null ? null : node.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  List<Taint> taints() {
    List<Taint> taints = node == null || node.getSpec() == null ? null : node.getSpec().getTaints();
    return taints == null ? List.of() : taints;
  }

  boolean unschedulable() {
    return node != null
        && node.getSpec() != null
        && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
  }
}
