package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Pod;

/** Runs once per cycle before any Filter: precomputes what Filter needs, or rejects the pod. */
interface PreFilterPlugin extends Plugin {

  PreFilterResult preFilter(CycleState state, Pod pod);
}
