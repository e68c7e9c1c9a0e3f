package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Nodes and pods for tests. */
final class Fixtures {

  private Fixtures() {}

  static NodeBuilder nodeBuilder(String name, String cpu, String memory, int pods) {
    Map<String, Quantity> allocatable = new LinkedHashMap<>();
    allocatable.put("cpu", new Quantity(cpu));
    allocatable.put("memory", new Quantity(memory));
    allocatable.put("pods", new Quantity(Integer.toString(pods)));
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withNewStatus()
        .withCapacity(allocatable)
        .withAllocatable(allocatable)
        .endStatus();
  }

  static Node node(String name, String cpu, String memory) {
    return nodeBuilder(name, cpu, memory, 110).build();
  }

  static NodeInfo info(Node node) {
    return NodeInfo.of(node);
  }

  static Container container(String cpu, String memory) {
    ContainerBuilder b = new ContainerBuilder().withName("c").withImage("busybox");
    Map<String, Quantity> requests = new LinkedHashMap<>();
    if (cpu != null) {
      requests.put("cpu", new Quantity(cpu));
    }
    if (memory != null) {
      requests.put("memory", new Quantity(memory));
    }
    return b.withNewResources().withRequests(requests).endResources().build();
  }

  static PodBuilder podBuilder(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace("default")
        .withName(name)
        .withUid(
            UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString())
        .endMetadata()
        .withNewSpec()
        .withSchedulerName("default-scheduler")
        .endSpec();
  }

  static Pod pod(String name, String cpu, String memory) {
    return podBuilder(name).editSpec().addToContainers(container(cpu, memory)).endSpec().build();
  }

  /** A pod already running on {@code node}. */
  static Pod running(String name, String node, String cpu, String memory) {
    return podBuilder(name)
        .editSpec()
        .withNodeName(node)
        .addToContainers(container(cpu, memory))
        .endSpec()
        .build();
  }

  /** Runs the plugin's PreFilter (if any) and Filter on one node. */
  static Status filter(FilterPlugin plugin, Pod pod, NodeInfo node) {
    CycleState state = new CycleState();
    if (plugin instanceof PreFilterPlugin pre) {
      PreFilterResult r = pre.preFilter(state, pod);
      if (r.status().isSkip()) {
        return Status.SUCCESS;
      }
      if (!r.status().isSuccess()) {
        return r.status();
      }
    }
    return plugin.filter(state, pod, node);
  }

  /** Runs the plugin's PreFilter (if any), PreScore, Score and normalize over the nodes. */
  static long[] score(ScorePlugin plugin, Pod pod, NodeInfo... nodes) {
    CycleState state = new CycleState();
    if (plugin instanceof PreFilterPlugin pre) {
      pre.preFilter(state, pod);
    }
    java.util.List<NodeInfo> list = java.util.List.of(nodes);
    long[] scores = new long[nodes.length];
    if (plugin.preScore(state, pod, list).isSkip()) {
      return scores;
    }
    for (int i = 0; i < nodes.length; i++) {
      scores[i] = plugin.score(state, pod, nodes[i]);
    }
    plugin.normalize(state, pod, scores);
    return scores;
  }
}
