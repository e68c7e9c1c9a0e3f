package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.concurrent.CompletableFuture;

/** Binds a pod to the node chosen for it; runs after the cycle, off the scheduling thread. */
interface BindPlugin extends Plugin {

  /**
   * Starts binding and completes with success, or with an error status saying why not. The future
   * must not complete exceptionally.
   */
  CompletableFuture<Status> bind(Pod pod, String nodeName);
}
