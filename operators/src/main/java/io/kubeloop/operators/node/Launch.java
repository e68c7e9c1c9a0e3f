package io.kubeloop.operators.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a runtime needs to start one container instance.
 *
 * @param pod the pod as the agent last read it
 * @param container the container's spec
 * @param init whether it is an init container
 * @param restartCount how many instances of it ran before this one
 * @param logFile where this instance's output goes, in the CRI log format; the runtime creates the
 *     file and its directory if it writes one
 * @param clock the agent's clock
 * @param environment resolves the container's environment (reads ConfigMaps and Secrets), only if
 *     the runtime needs it
 * @param onChange called by the runtime when the instance's state changes (from any thread)
 */
record Launch(
    Pod pod,
    Container container,
    boolean init,
    int restartCount,
    Path logFile,
    AgentClock clock,
    Environment environment,
    Runnable onChange) {

  /** A deferred, possibly failing, environment lookup. */
  @FunctionalInterface
  interface Environment {
    Map<String, String> resolve() throws ContainerConfigException;
  }

  String podKey() {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }
}
