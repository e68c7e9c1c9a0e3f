package io.kubeloop.operators.node;

import io.fabric8.kubernetes.api.model.Container;

/**
 * What the agent knows about one container of one pod across its instances.
 *
 * <p>Not thread-safe: only the worker holding the pod's key reads and writes it (the queue hands a
 * key to one worker at a time), except {@link #current} and {@link #previous}, which the log server
 * reads.
 */
final class ContainerRecord {

  final String name;
  final boolean init;
  Container spec;

  /** The latest instance, running or exited; null before the first start. */
  volatile ContainerHandle current;

  /** The instance before {@link #current}, for {@code lastState} and previous logs. */
  volatile ContainerHandle previous;

  int restartCount;
  final CrashLoopBackoff backoff = new CrashLoopBackoff();

  /** Set while a restart waits for the back-off: the CrashLoopBackOff message. */
  String backoffMessage;

  /** When the back-off ends, if {@link #backoffMessage} is set. */
  long restartAtNanos;

  /** Set while the environment cannot be resolved: the CreateContainerConfigError message. */
  String configError;

  /** The current instance was asked to stop (liveness failure); when to force it. */
  boolean stopping;

  long stopDeadlineNanos;
  boolean forced;

  /** Probes of the current instance; null without one. */
  ProbeWorker readiness;

  ProbeWorker liveness;

  ContainerRecord(Container spec, boolean init) {
    this.name = spec.getName();
    this.init = init;
    this.spec = spec;
  }

  /** Whether the current instance exists and has not exited. */
  boolean live() {
    ContainerHandle handle = current;
    return handle != null && !handle.snapshot().exited();
  }

  /** Stops the probes of the current instance. */
  void stopProbes() {
    if (readiness != null) {
      readiness.stop();
      readiness = null;
    }
    if (liveness != null) {
      liveness.stop();
      liveness = null;
    }
  }
}
