package io.kubeloop.operators.node;

/** An item of the agent's work queue: sync a pod, or renew a node's heartbeat. */
sealed interface Work {

  /** The node the work is for. */
  String node();

  /** Sync pod {@code namespace/name} on {@code node}. */
  record PodWork(String node, String namespace, String name) implements Work {}

  /** Renew {@code node}'s lease (and post its status when due). */
  record Heartbeat(String node) implements Work {}
}
