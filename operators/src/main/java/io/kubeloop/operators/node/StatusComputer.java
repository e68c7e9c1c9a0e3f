package io.kubeloop.operators.node;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Computes a pod's status from what the agent knows of its containers, as the kubelet's {@code
 * generateAPIPodStatus} does: container statuses (state, last state, ready, started, restart count,
 * ids), the phase, the kubelet's conditions (PodReadyToStartContainers, Initialized, Ready,
 * ContainersReady, PodScheduled) after the conditions others own, start time and IPs.
 *
 * <p>Fields the agent does not own (qosClass, nominatedNodeName, ...) are kept as the pod has them,
 * so the result equals the pod's status exactly when nothing needs writing. Transition times are
 * kept from the previous status for conditions whose status did not change. A pod in a terminal
 * phase stays in it. Pure; reads each container's instance snapshots once.
 */
final class StatusComputer {

  static final String ID_PREFIX = "kubeloop://";

  /** The conditions the kubelet owns and writes. */
  static final Set<String> KUBELET_CONDITIONS =
      Set.of(
          "PodScheduled", "Ready", "Initialized", "ContainersReady", "PodReadyToStartContainers");

  private StatusComputer() {}

  /**
   * @param record what the agent knows
   * @param pod the pod as last read
   * @param nodeIp the node's IP: the pod's host IP, and its pod IP (pods share the node's network)
   * @param now the time to record for new transitions
   * @param probesRun whether readiness probes are run; when not, running containers are ready
   * @param podIsTerminal whether the pod is torn down for good (deleted, all stopped)
   */
  static PodStatus compute(
      PodRecord record,
      Pod pod,
      String nodeIp,
      Instant now,
      boolean probesRun,
      boolean podIsTerminal) {
    boolean hasInit = !record.initContainers.isEmpty();
    List<ContainerStatus> init = new ArrayList<>();
    for (ContainerRecord c : record.initContainers) {
      init.add(container(c, hasInit, probesRun));
    }
    List<ContainerStatus> regular = new ArrayList<>();
    for (ContainerRecord c : record.containers) {
      regular.add(container(c, hasInit, probesRun));
    }
    List<ContainerStatus> all = new ArrayList<>(init);
    all.addAll(regular);
    PodStatus old = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    String phase = PodPhases.phase(pod.getSpec(), all, podIsTerminal);
    if (PodPhases.terminal(old.getPhase())) {
      phase = old.getPhase(); // pods never leave a terminal phase
    }

    List<PodCondition> others = new ArrayList<>();
    for (PodCondition c : old.getConditions()) {
      if (!KUBELET_CONDITIONS.contains(c.getType())) {
        others.add(c);
      }
    }
    List<PodCondition> conditions = new ArrayList<>(others);
    boolean sandboxGone = PodPhases.terminal(phase) || (record.terminating && record.stopped());
    conditions.add(condition("PodReadyToStartContainers", sandboxGone ? "False" : "True"));
    conditions.add(PodPhases.initialized(pod.getSpec(), all, phase));
    conditions.add(PodPhases.ready(pod.getSpec(), all, phase, others));
    conditions.add(PodPhases.containersReady(pod.getSpec(), all, phase));
    conditions.add(condition("PodScheduled", "True"));
    PodStatus previous = record.status != null ? record.status : old;
    for (PodCondition c : conditions) {
      if (KUBELET_CONDITIONS.contains(c.getType())) {
        c.setLastTransitionTime(transition(previous, c, now));
      }
    }

    PodStatus status = new PodStatusBuilder(old).build();
    status.setPhase(phase);
    status.setConditions(conditions);
    status.setHostIP(nodeIp);
    status.setHostIPs(List.of(new HostIP(nodeIp)));
    status.setPodIP(nodeIp);
    status.setPodIPs(List.of(new PodIP(nodeIp)));
    status.setStartTime(time(record.startTime));
    status.setInitContainerStatuses(init);
    status.setContainerStatuses(regular);
    return status;
  }

  private static ContainerStatus container(ContainerRecord c, boolean hasInit, boolean probesRun) {
    ContainerStatus status = new ContainerStatus();
    status.setName(c.name);
    status.setImage(c.spec.getImage() == null ? "" : c.spec.getImage());
    status.setImageID("");
    status.setRestartCount(c.restartCount);
    status.setReady(false);
    status.setStarted(false);
    status.setLastState(new ContainerState());
    ContainerHandle current = c.current;
    if (current == null) {
      status.setState(
          c.configError != null
              ? waiting("CreateContainerConfigError", c.configError)
              : waiting(hasInit ? "PodInitializing" : "ContainerCreating", null));
      return status;
    }
    status.setContainerID(ID_PREFIX + current.id());
    status.setImageID(status.getImage());
    ContainerHandle previous = c.previous;
    ContainerState last = previous == null ? new ContainerState() : terminated(previous);
    ContainerSnapshot snap = current.snapshot();
    switch (snap.phase()) {
      case CREATING -> {
        status.setState(waiting("ContainerCreating", null));
        status.setLastState(last);
      }
      case RUNNING -> {
        ContainerState state = new ContainerState();
        state.setRunning(new ContainerStateRunning(time(snap.startedAt())));
        status.setState(state);
        status.setLastState(last);
        status.setStarted(true);
        status.setReady(!c.init && (!probesRun || c.readiness == null || c.readiness.succeeded()));
      }
      case EXITED -> {
        if (c.backoffMessage != null) {
          status.setState(waiting("CrashLoopBackOff", c.backoffMessage));
          status.setLastState(terminated(current));
        } else if (c.configError != null) {
          status.setState(waiting("CreateContainerConfigError", c.configError));
          status.setLastState(terminated(current));
        } else {
          status.setState(terminated(current));
          status.setLastState(last);
          // an init container that completed counts as ready
          status.setReady(c.init && snap.exitCode() == 0);
        }
      }
      default -> throw new IllegalStateException("unknown phase " + snap.phase());
    }
    return status;
  }

  private static ContainerState waiting(String reason, String message) {
    ContainerState state = new ContainerState();
    state.setWaiting(new ContainerStateWaiting(message, reason));
    return state;
  }

  private static ContainerState terminated(ContainerHandle handle) {
    ContainerSnapshot snap = handle.snapshot();
    ContainerStateTerminated terminated = new ContainerStateTerminated();
    terminated.setContainerID(ID_PREFIX + handle.id());
    terminated.setExitCode(snap.exitCode());
    terminated.setReason(snap.reason());
    terminated.setMessage(snap.message());
    terminated.setStartedAt(time(snap.startedAt()));
    terminated.setFinishedAt(time(snap.finishedAt()));
    ContainerState state = new ContainerState();
    state.setTerminated(terminated);
    return state;
  }

  private static PodCondition condition(String type, String status) {
    PodCondition condition = new PodCondition();
    condition.setType(type);
    condition.setStatus(status);
    return condition;
  }

  private static String transition(PodStatus previous, PodCondition condition, Instant now) {
    for (PodCondition old : previous.getConditions()) {
      if (condition.getType().equals(old.getType())
          && condition.getStatus().equals(old.getStatus())
          && old.getLastTransitionTime() != null) {
        return old.getLastTransitionTime();
      }
    }
    return time(now);
  }

  /** kube's metav1.Time: RFC 3339 in seconds, UTC. */
  static String time(Instant instant) {
    return instant == null
        ? null
        : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
