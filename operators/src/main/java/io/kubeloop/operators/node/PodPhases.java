package io.kubeloop.operators.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kubelet's rules for a pod's phase and its own conditions, from the container statuses ({@code
 * getPhase} and {@code status/generate.go}). Pure functions; restartable (sidecar) init containers
 * are treated as ordinary ones.
 */
final class PodPhases {

  static final String PENDING = "Pending";
  static final String RUNNING = "Running";
  static final String SUCCEEDED = "Succeeded";
  static final String FAILED = "Failed";

  private PodPhases() {}

  static boolean terminal(String phase) {
    return SUCCEEDED.equals(phase) || FAILED.equals(phase);
  }

  /**
   * The phase for these statuses.
   *
   * @param statuses init and regular container statuses together
   * @param podIsTerminal whether the pod is being torn down and its containers will not restart
   */
  static String phase(PodSpec spec, List<ContainerStatus> statuses, boolean podIsTerminal) {
    int pendingInitialization = 0;
    int failedInitialization = 0;
    for (Container c : spec.getInitContainers()) {
      Optional<ContainerStatus> found = find(statuses, c.getName());
      if (found.isEmpty()) {
        pendingInitialization++;
        continue;
      }
      var state = found.get().getState();
      var last = found.get().getLastState();
      if (state != null && state.getRunning() != null) {
        pendingInitialization++;
      } else if (state != null && state.getTerminated() != null) {
        if (state.getTerminated().getExitCode() != 0) {
          failedInitialization++;
        }
      } else if (state != null && state.getWaiting() != null) {
        if (last != null && last.getTerminated() != null) {
          if (last.getTerminated().getExitCode() != 0) {
            failedInitialization++;
          }
        } else {
          pendingInitialization++;
        }
      } else {
        pendingInitialization++;
      }
    }
    int unknown = 0;
    int running = 0;
    int waiting = 0;
    int stopped = 0;
    int succeeded = 0;
    for (Container c : spec.getContainers()) {
      Optional<ContainerStatus> found = find(statuses, c.getName());
      if (found.isEmpty()) {
        unknown++;
        continue;
      }
      var state = found.get().getState();
      var last = found.get().getLastState();
      if (state != null && state.getRunning() != null) {
        running++;
      } else if (state != null && state.getTerminated() != null) {
        stopped++;
        if (state.getTerminated().getExitCode() == 0) {
          succeeded++;
        }
      } else if (state != null && state.getWaiting() != null) {
        if (last != null && last.getTerminated() != null) {
          stopped++;
        } else {
          waiting++;
        }
      } else {
        unknown++;
      }
    }
    String restartPolicy = restartPolicy(spec);
    if (failedInitialization > 0 && restartPolicy.equals("Never")) {
      return FAILED;
    }
    if ((pendingInitialization > 0 && !anyRegularContainerStarted(spec, statuses)) || waiting > 0) {
      return PENDING;
    }
    if (running > 0 && unknown == 0) {
      return RUNNING;
    }
    if (running == 0 && stopped > 0 && unknown == 0) {
      if (podIsTerminal) {
        return stopped == succeeded ? SUCCEEDED : FAILED;
      }
      if (restartPolicy.equals("Always")) {
        return RUNNING;
      }
      if (stopped == succeeded) {
        return SUCCEEDED;
      }
      if (restartPolicy.equals("Never")) {
        return FAILED;
      }
      return RUNNING;
    }
    return PENDING;
  }

  /** {@code Initialized}: True once every init container exited 0 (or a regular one started). */
  static PodCondition initialized(PodSpec spec, List<ContainerStatus> statuses, String phase) {
    List<String> unknown = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    for (Container c : spec.getInitContainers()) {
      Optional<ContainerStatus> found = find(statuses, c.getName());
      if (found.isEmpty()) {
        unknown.add(c.getName());
        continue;
      }
      var terminated =
          found.get().getState() == null ? null : found.get().getState().getTerminated();
      if (terminated == null || terminated.getExitCode() != 0) {
        incomplete.add(c.getName());
      }
    }
    if (SUCCEEDED.equals(phase) && unknown.isEmpty()) {
      return condition("Initialized", "True", "PodCompleted", null);
    }
    if (anyRegularContainerStarted(spec, statuses)) {
      return condition("Initialized", "True", null, null);
    }
    List<String> messages = new ArrayList<>();
    if (!unknown.isEmpty()) {
      messages.add("containers with unknown status: " + goList(unknown));
    }
    if (!incomplete.isEmpty()) {
      messages.add("containers with incomplete status: " + goList(incomplete));
    }
    if (!messages.isEmpty()) {
      return condition(
          "Initialized", "False", "ContainersNotInitialized", String.join(", ", messages));
    }
    return condition("Initialized", "True", null, null);
  }

  /** {@code ContainersReady}: True when every regular container is ready. */
  static PodCondition containersReady(PodSpec spec, List<ContainerStatus> statuses, String phase) {
    List<String> unknown = new ArrayList<>();
    List<String> unready = new ArrayList<>();
    for (Container c : spec.getContainers()) {
      Optional<ContainerStatus> found = find(statuses, c.getName());
      if (found.isEmpty()) {
        unknown.add(c.getName());
      } else if (!Boolean.TRUE.equals(found.get().getReady())) {
        unready.add(c.getName());
      }
    }
    if (SUCCEEDED.equals(phase) && unknown.isEmpty()) {
      return condition("ContainersReady", "False", "PodCompleted", null);
    }
    if (FAILED.equals(phase)) {
      return condition("ContainersReady", "False", "PodFailed", null);
    }
    List<String> messages = new ArrayList<>();
    if (!unknown.isEmpty()) {
      messages.add("containers with unknown status: " + goList(unknown));
    }
    if (!unready.isEmpty()) {
      messages.add("containers with unready status: " + goList(unready));
    }
    if (!messages.isEmpty()) {
      return condition(
          "ContainersReady", "False", "ContainersNotReady", String.join(", ", messages));
    }
    return condition("ContainersReady", "True", null, null);
  }

  /**
   * {@code Ready}: {@code ContainersReady}, and every readiness gate's condition True among {@code
   * others} (the conditions the kubelet does not own).
   */
  static PodCondition ready(
      PodSpec spec, List<ContainerStatus> statuses, String phase, List<PodCondition> others) {
    PodCondition containers = containersReady(spec, statuses, phase);
    if (!"True".equals(containers.getStatus())) {
      return condition(
          "Ready", containers.getStatus(), containers.getReason(), containers.getMessage());
    }
    List<String> unmet = new ArrayList<>();
    for (PodReadinessGate gate : spec.getReadinessGates()) {
      String type = gate.getConditionType();
      Optional<PodCondition> found =
          others.stream().filter(c -> type.equals(c.getType())).findFirst();
      if (found.isEmpty()) {
        unmet.add("corresponding condition of pod readiness gate \"" + type + "\" does not exist.");
      } else if (!"True".equals(found.get().getStatus())) {
        unmet.add(
            "the status of pod readiness gate \""
                + type
                + "\" is not \"True\", but "
                + found.get().getStatus());
      }
    }
    if (!unmet.isEmpty()) {
      return condition("Ready", "False", "ReadinessGatesNotReady", String.join(", ", unmet));
    }
    return condition("Ready", "True", null, null);
  }

  /** Whether a regular container runs, ran, or is waiting to run again. */
  static boolean anyRegularContainerStarted(PodSpec spec, List<ContainerStatus> statuses) {
    for (Container c : spec.getContainers()) {
      Optional<ContainerStatus> found = find(statuses, c.getName());
      if (found.isEmpty() || found.get().getState() == null) {
        continue;
      }
      var state = found.get().getState();
      var last = found.get().getLastState();
      if (state.getRunning() != null
          || state.getTerminated() != null
          || (state.getWaiting() != null && last != null && last.getTerminated() != null)) {
        return true;
      }
    }
    return false;
  }

  static String restartPolicy(PodSpec spec) {
    String policy = spec.getRestartPolicy();
    return policy == null || policy.isEmpty() ? "Always" : policy;
  }

  /** Whether a container that exited with {@code exitCode} is restarted under {@code policy}. */
  static boolean restarts(String policy, int exitCode) {
    return switch (policy) {
      case "Never" -> false;
      case "OnFailure" -> exitCode != 0;
      default -> true;
    };
  }

  static Optional<ContainerStatus> find(List<ContainerStatus> statuses, String name) {
    for (ContainerStatus s : statuses) {
      if (name.equals(s.getName())) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** Go's {@code %s} of a {@code []string}: {@code [a b]}. */
  static String goList(List<String> values) {
    return "[" + String.join(" ", values) + "]";
  }

  private static PodCondition condition(String type, String status, String reason, String message) {
    PodCondition condition = new PodCondition();
    condition.setType(type);
    condition.setStatus(status);
    condition.setReason(reason);
    condition.setMessage(message);
    return condition;
  }
}
