package io.kubeloop.operators.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * What the agent knows about one pod it runs (one uid): its containers' instances and what it last
 * computed and wrote.
 *
 * <p>Only the worker holding the pod's key changes it; the log server reads {@link #status} and the
 * containers' instances, which are published through volatile fields.
 */
final class PodRecord {

  final String namespace;
  final String name;
  final String uid;

  /** When the agent accepted the pod: {@code status.startTime}. */
  final Instant startTime;

  /** Where the containers' log files go: {@code <logs>/<ns>_<pod>_<uid>}. */
  final Path logDirectory;

  final List<ContainerRecord> initContainers;
  final List<ContainerRecord> containers;

  /** The pod reached Succeeded or Failed: nothing runs or restarts any more. */
  boolean terminal;

  /** Deletion was seen: containers were asked to stop; when to force them. */
  boolean terminating;

  long killDeadlineNanos;
  boolean killForced;

  /** The final delete was sent. */
  boolean deleteConfirmed;

  /** What the agent last computed, for the log server and for transition times. */
  volatile PodStatus status;

  /** What the agent last wrote, so an unchanged status is not written again. */
  PodStatus written;

  PodRecord(Pod pod, Instant startTime, Path logs) {
    this.namespace = pod.getMetadata().getNamespace();
    this.name = pod.getMetadata().getName();
    this.uid = pod.getMetadata().getUid();
    this.startTime = startTime;
    this.logDirectory = logs.resolve(namespace + "_" + name + "_" + uid);
    List<ContainerRecord> init = new ArrayList<>();
    for (Container c : pod.getSpec().getInitContainers()) {
      init.add(new ContainerRecord(c, true));
    }
    List<ContainerRecord> regular = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      regular.add(new ContainerRecord(c, false));
    }
    this.initContainers = Collections.unmodifiableList(init);
    this.containers = Collections.unmodifiableList(regular);
  }

  /** Init containers, then regular ones. */
  List<ContainerRecord> all() {
    List<ContainerRecord> all = new ArrayList<>(initContainers);
    all.addAll(containers);
    return all;
  }

  Optional<ContainerRecord> container(String name) {
    for (ContainerRecord c : initContainers) {
      if (c.name.equals(name)) {
        return Optional.of(c);
      }
    }
    for (ContainerRecord c : containers) {
      if (c.name.equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Whether no instance is running or being created. */
  boolean stopped() {
    for (ContainerRecord c : all()) {
      if (c.live()) {
        return false;
      }
    }
    return true;
  }

  /** The log file of instance {@code restartCount} of {@code container}. */
  Path logFile(String container, int restartCount) {
    return logDirectory.resolve(container).resolve(restartCount + ".log");
  }

  String key() {
    return namespace + "/" + name;
  }
}
