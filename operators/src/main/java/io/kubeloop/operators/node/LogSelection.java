package io.kubeloop.operators.node;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which container instance a log request means, by the pod's status, as the kubelet's {@code
 * validateContainerLogStatus}: with {@code previous}, the last terminated instance; otherwise the
 * running one, else the terminated one, else the last terminated one; a container still waiting has
 * no log yet. Errors carry the kubelet's wording and become 400s.
 */
final class LogSelection {

  /** Why there is no log to read. */
  static final class NoLogException extends Exception {
    private static final long serialVersionUID = 1L;

    NoLogException(String message) {
      super(message);
    }
  }

  private LogSelection() {}

  /**
   * @return the selected instance's id (without the {@code kubeloop://} prefix)
   */
  static String select(String podName, PodStatus status, String container, boolean previous)
      throws NoLogException {
    List<ContainerStatus> statuses = new ArrayList<>();
    if (status != null) {
      statuses.addAll(status.getContainerStatuses());
      statuses.addAll(status.getInitContainerStatuses());
      statuses.addAll(status.getEphemeralContainerStatuses());
    }
    Optional<ContainerStatus> found = PodPhases.find(statuses, container);
    if (found.isEmpty()) {
      throw new NoLogException(
          "container \"" + container + "\" in pod \"" + podName + "\" is not available");
    }
    ContainerStatus c = found.get();
    ContainerState state = c.getState() == null ? new ContainerState() : c.getState();
    ContainerState last = c.getLastState() == null ? new ContainerState() : c.getLastState();
    String id;
    if (previous) {
      if (last.getTerminated() == null || empty(last.getTerminated().getContainerID())) {
        throw new NoLogException(
            "previous terminated container \""
                + container
                + "\" in pod \""
                + podName
                + "\" not found");
      }
      id = last.getTerminated().getContainerID();
    } else if (state.getRunning() != null) {
      id = c.getContainerID();
    } else if (state.getTerminated() != null) {
      id = state.getTerminated().getContainerID();
      if (empty(id)) {
        if (last.getTerminated() != null && !empty(last.getTerminated().getContainerID())) {
          id = last.getTerminated().getContainerID();
        } else {
          throw terminated(container, podName);
        }
      }
    } else if (last.getTerminated() != null) {
      id = last.getTerminated().getContainerID();
      if (empty(id)) {
        throw terminated(container, podName);
      }
    } else if (state.getWaiting() != null) {
      throw new NoLogException(
          "container \""
              + container
              + "\" in pod \""
              + podName
              + "\" is waiting to start: "
              + state.getWaiting().getReason());
    } else {
      throw new NoLogException(
          "container \""
              + container
              + "\" in pod \""
              + podName
              + "\" is waiting to start - no logs yet");
    }
    if (empty(id)) {
      throw new NoLogException(
          "container \"" + container + "\" in pod \"" + podName + "\" is not available");
    }
    return id.startsWith(StatusComputer.ID_PREFIX)
        ? id.substring(StatusComputer.ID_PREFIX.length())
        : id;
  }

  private static NoLogException terminated(String container, String podName) {
    return new NoLogException(
        "container \"" + container + "\" in pod \"" + podName + "\" is terminated");
  }

  private static boolean empty(String value) {
    return value == null || value.isEmpty();
  }
}
