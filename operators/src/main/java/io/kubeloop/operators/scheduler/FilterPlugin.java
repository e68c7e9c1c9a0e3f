package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Pod;

/** Decides whether the pod can go to one node. Called for many nodes per cycle. */
interface FilterPlugin extends Plugin {

  /**
   * Returns success if the pod fits {@code node} as far as this plugin is concerned, otherwise an
   * unschedulable status with the reason shown in the pod's condition and event.
   */
  Status filter(CycleState state, Pod pod, NodeInfo node);
}
