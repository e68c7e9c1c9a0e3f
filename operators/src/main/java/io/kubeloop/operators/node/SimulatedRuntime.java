package io.kubeloop.operators.node;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A runtime that runs nothing, in the manner of KWOK: a container is {@code ContainerCreating} for
 * the start delay, then running, until it is told to exit or is stopped. It costs one small object
 * per container and no thread, so one JVM can carry hundreds of simulated nodes.
 *
 * <p>A container exits when:
 *
 * <ul>
 *   <li>its pod carries the annotation {@value #EXIT_CODE_ANNOTATION} with an exit code (every
 *       instance started after that exits at once with it, so with {@code restartPolicy: Always}
 *       the pod crash-loops as a real failing container would);
 *   <li>{@link #exit(String, String, int)} or {@link #exit(String, String, String, int)} is called;
 *   <li>the agent stops it (exit code 143 for SIGTERM, 137 for SIGKILL).
 * </ul>
 *
 * <p>Probes are not run: simulated containers are ready as soon as they run. Logs are empty.
 * Thread-safe.
 */
public final class SimulatedRuntime extends ContainerRuntime {

  /** The annotation that makes the pod's containers exit with the code it holds. */
  public static final String EXIT_CODE_ANNOTATION = "kubeloop.io/simulated-exit-code";

  private final Duration startDelay;

  /** Live instances by pod key ({@code namespace/name}). */
  private final Map<String, Set<SimulatedContainer>> live = new ConcurrentHashMap<>();

  private SimulatedRuntime(Duration startDelay) {
    this.startDelay = startDelay;
  }

  /** A runtime whose containers run as soon as they are started. */
  public static SimulatedRuntime create() {
    return create(Duration.ZERO);
  }

  /**
   * A runtime whose containers are {@code ContainerCreating} for {@code startDelay} first.
   *
   * @throws IllegalArgumentException if {@code startDelay} is negative
   */
  public static SimulatedRuntime create(Duration startDelay) {
    Objects.requireNonNull(startDelay, "startDelay");
    if (startDelay.isNegative()) {
      throw new IllegalArgumentException("startDelay must not be negative, was " + startDelay);
    }
    return new SimulatedRuntime(startDelay);
  }

  /** Makes every running or creating container of the pod exit with {@code exitCode}. */
  public void exit(String namespace, String pod, int exitCode) {
    exit(namespace, pod, null, exitCode);
  }

  /** Makes the named container of the pod exit with {@code exitCode}, if it is live. */
  public void exit(String namespace, String pod, String container, int exitCode) {
    Set<SimulatedContainer> instances = live.get(namespace + "/" + pod);
    if (instances == null) {
      return;
    }
    for (SimulatedContainer instance : List.copyOf(instances)) {
      if (container == null || instance.launch().container().getName().equals(container)) {
        finish(instance, exitCode);
      }
    }
  }

  @Override
  ContainerHandle start(Launch launch) {
    long now = launch.clock().nanoTime();
    SimulatedContainer instance =
        new SimulatedContainer(
            newId(), launch, launch.clock().now().plus(startDelay), now + startDelay.toNanos());
    live.computeIfAbsent(launch.podKey(), k -> ConcurrentHashMap.newKeySet()).add(instance);
    Integer code = annotatedExit(launch.pod());
    if (code != null) {
      finish(instance, code);
    }
    return instance;
  }

  @Override
  void observe(Pod pod, ContainerHandle handle) {
    Integer code = annotatedExit(pod);
    if (code != null && handle instanceof SimulatedContainer instance && !instance.isExited()) {
      finish(instance, code);
    }
  }

  @Override
  void stop(ContainerHandle handle, boolean force) {
    if (handle instanceof SimulatedContainer instance) {
      finish(instance, force ? 137 : 143);
    }
  }

  @Override
  boolean runsProbes() {
    return false;
  }

  @Override
  boolean exec(ContainerHandle handle, List<String> command, Duration timeout) {
    return true;
  }

  @Override
  String version() {
    return "kubeloop-simulated://0.1.0";
  }

  @Override
  void close() {
    live.clear();
  }

  private void finish(SimulatedContainer instance, int code) {
    if (instance.exit(code)) {
      live.computeIfPresent(
          instance.launch().podKey(),
          (k, set) -> {
            set.remove(instance);
            return set.isEmpty() ? null : set;
          });
      instance.launch().onChange().run();
    }
  }

  private static Integer annotatedExit(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(EXIT_CODE_ANNOTATION);
    if (value == null) {
      return null;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "SimulatedRuntime[startDelay=" + startDelay + "]";
  }
}
