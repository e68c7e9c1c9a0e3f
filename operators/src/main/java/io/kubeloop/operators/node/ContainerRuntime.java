package io.kubeloop.operators.node;

import io.fabric8.kubernetes.api.model.Pod;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * What runs a node agent's containers: {@link ProcessRuntime} (each container a local OS process)
 * or {@link SimulatedRuntime} (no processes, for scale tests). The agent decides what to start,
 * restart and stop, and computes the pod's status; the runtime only carries that out and reports
 * each instance's state.
 *
 * <p>A runtime belongs to the agent or fleet it is given to, which closes it (stopping every
 * container it still runs) when it closes itself; the nodes of one {@link NodeFleet} share one.
 */
public abstract sealed class ContainerRuntime permits ProcessRuntime, SimulatedRuntime {

  private static final SecureRandom RANDOM = new SecureRandom();

  ContainerRuntime() {}

  /**
   * Starts an instance. A container that cannot start (no command, program not found) still gets an
   * instance, one that has exited with 128/StartError, as a container runtime reports it.
   *
   * @throws ContainerConfigException when the container's environment cannot be resolved
   */
  abstract ContainerHandle start(Launch launch) throws ContainerConfigException;

  /** Asks an instance to stop: SIGTERM, or SIGKILL when {@code force}. Returns at once. */
  abstract void stop(ContainerHandle handle, boolean force);

  /** Whether this runtime runs probes; when not, every probe passes. */
  abstract boolean runsProbes();

  /**
   * Runs an exec probe's command in the instance's environment.
   *
   * @return whether it exited 0 within {@code timeout}
   */
  abstract boolean exec(ContainerHandle handle, List<String> command, Duration timeout);

  /** {@code nodeInfo.containerRuntimeVersion}, e.g. {@code kubeloop-process://0.1.0}. */
  abstract String version();

  /** Sees each sync of a pod with a live instance; the simulated runtime reads annotations here. */
  void observe(Pod pod, ContainerHandle handle) {}

  /** Stops every instance this runtime started, at once. */
  abstract void close();

  /** A new instance id: 64 hexadecimal digits, as container runtimes make them. */
  static String newId() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
