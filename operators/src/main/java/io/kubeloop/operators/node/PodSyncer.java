package io.kubeloop.operators.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod lifecycle of one node, as the kubelet's pod workers: {@link #sync} brings one pod's
 * containers towards its spec and writes its status.
 *
 * <ul>
 *   <li>Init containers run one at a time, in order, each to exit 0; a failed one is restarted
 *       (with back-off) unless {@code restartPolicy} is Never, which fails the pod.
 *   <li>Then every regular container starts; an exited one restarts as {@code restartPolicy} says,
 *       the first restart at once, later ones after a back-off of 10 s doubling to 5 min (state
 *       {@code waiting: CrashLoopBackOff}).
 *   <li>A liveness probe that fails stops its instance (SIGTERM, SIGKILL after the pod's {@code
 *       terminationGracePeriodSeconds}), which then restarts as any exited container.
 *   <li>Deletion ({@code deletionTimestamp} set): no more starts; SIGTERM to every instance,
 *       SIGKILL once {@code deletionGracePeriodSeconds} passed; once all stopped, the final status
 *       (Succeeded or Failed), then a delete with grace period 0 and the pod's uid as precondition.
 *   <li>A pod gone from the API: its instances are killed and its logs removed.
 * </ul>
 *
 * <p>The status goes through the pods/status subresource, only when it differs from both what was
 * last written and what the pod has.
 *
 * <p>Thread-safety: {@code sync} for one pod is never called concurrently (the work queue hands a
 * key to one worker at a time); different pods are synced in parallel. {@link #logTarget} may be
 * called from any thread.
 */
final class PodSyncer {

  private static final Logger LOG = LoggerFactory.getLogger(PodSyncer.class);

  /** How soon a container whose environment could not be resolved is tried again. */
  static final Duration CONFIG_RETRY = Duration.ofSeconds(10);

  /** What the syncer asks of the API server. */
  interface PodApi {
    /** Writes {@code status} through pods/status. */
    void writeStatus(Pod pod, PodStatus status);

    /** Deletes the pod with grace period 0 and its uid as precondition. */
    void confirmDeletion(Pod pod);
  }

  /** A container instance's log, as the log server needs it. */
  record LogTarget(Path file, ContainerHandle instance) {}

  private final String nodeName;
  private final String nodeIp;
  private final AgentClock clock;
  private final ContainerRuntime runtime;
  private final PodApi api;
  private final EnvResolver.Sources sources;
  private final Map<String, Quantity> allocatable;
  private final Path logs;
  private final Consumer<String> wake;
  private final Map<String, PodRecord> records = new ConcurrentHashMap<>();

  /**
   * @param wake called with a pod's key ({@code namespace/name}) when something about it changed
   *     (an instance exited, a probe flipped), from any thread
   */
  PodSyncer(
      String nodeName,
      String nodeIp,
      AgentClock clock,
      ContainerRuntime runtime,
      PodApi api,
      EnvResolver.Sources sources,
      Map<String, Quantity> allocatable,
      Path logs,
      Consumer<String> wake) {
    this.nodeName = nodeName;
    this.nodeIp = nodeIp;
    this.clock = clock;
    this.runtime = runtime;
    this.api = api;
    this.sources = sources;
    this.allocatable = allocatable;
    this.logs = logs;
    this.wake = wake;
  }

  /**
   * Syncs one pod.
   *
   * @param pod the pod as the cache has it, or null if it is gone
   * @return when to sync it again even if nothing happens (a back-off ends, a grace period ends, a
   *     container finishes starting), or empty
   * @throws RuntimeException when writing to the API server failed; the caller retries
   */
  Optional<Duration> sync(String namespace, String name, Pod pod) {
    String key = namespace + "/" + name;
    PodRecord record = records.get(key);
    if (pod == null || !nodeName.equals(pod.getSpec().getNodeName())) {
      if (record != null) {
        remove(record);
      }
      return Optional.empty();
    }
    if (record != null && !record.uid.equals(pod.getMetadata().getUid())) {
      remove(record); // deleted and created again under the same name
      record = null;
    }
    if (record == null) {
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if (PodPhases.terminal(phase)) {
        return Optional.empty(); // finished before this agent saw it: nothing to run
      }
      record = new PodRecord(pod, clock.now(), logs);
      records.put(key, record);
    }
    refreshSpecs(record, pod);
    SyncWake next = new SyncWake();
    boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
    if (deleting) {
      terminate(record, pod, next);
    } else if (!record.terminal) {
      run(record, pod, next);
    }
    boolean podIsTerminal = deleting && record.stopped();
    PodStatus status =
        StatusComputer.compute(
            record, pod, nodeIp, clock.now(), runtime.runsProbes(), podIsTerminal);
    record.status = status;
    if (PodPhases.terminal(status.getPhase()) && !record.terminal) {
      record.terminal = true;
      record.all().forEach(ContainerRecord::stopProbes);
    }
    if (status.equals(pod.getStatus())) {
      record.written = status;
    } else if (!status.equals(record.written)) {
      api.writeStatus(pod, status);
      record.written = status;
    }
    if (deleting && record.stopped() && !record.deleteConfirmed) {
      api.confirmDeletion(pod);
      record.deleteConfirmed = true;
    }
    return next.delay(clock.nanoTime());
  }

  private void run(PodRecord record, Pod pod, SyncWake next) {
    String policy = PodPhases.restartPolicy(pod.getSpec());
    for (ContainerRecord c : record.all()) {
      if (c.live()) {
        runtime.observe(pod, c.current);
      }
    }
    for (ContainerRecord c : record.containers) {
      checkLiveness(c, pod, next);
    }
    for (ContainerRecord c : record.initContainers) {
      ContainerHandle current = c.current;
      if (current == null) {
        start(record, c, pod, next);
        return;
      }
      ContainerSnapshot snap = current.snapshot();
      switch (snap.phase()) {
        case CREATING -> {
          next.at(snap.readyAtNanos());
          return;
        }
        case RUNNING -> {
          return;
        }
        case EXITED -> {
          if (snap.exitCode() == 0) {
            c.backoffMessage = null;
            continue;
          }
          if (!policy.equals("Never")) {
            restart(record, c, pod, snap, next);
          }
          return;
        }
        default -> throw new IllegalStateException("unknown phase " + snap.phase());
      }
    }
    for (ContainerRecord c : record.containers) {
      ContainerHandle current = c.current;
      if (current == null) {
        start(record, c, pod, next);
        continue;
      }
      ContainerSnapshot snap = current.snapshot();
      if (snap.phase() == ContainerSnapshot.Phase.CREATING) {
        next.at(snap.readyAtNanos());
      } else if (snap.exited()) {
        c.stopProbes();
        if (PodPhases.restarts(policy, snap.exitCode())) {
          restart(record, c, pod, snap, next);
        } else {
          c.backoffMessage = null;
        }
      }
    }
  }

  /** A failed liveness probe stops the instance; it then restarts as any exited container. */
  private void checkLiveness(ContainerRecord c, Pod pod, SyncWake next) {
    ContainerHandle current = c.current;
    if (current == null || !current.snapshot().running()) {
      return;
    }
    long now = clock.nanoTime();
    if (c.stopping) {
      if (!c.forced && now - c.stopDeadlineNanos >= 0) {
        runtime.stop(current, true);
        c.forced = true;
      } else if (!c.forced) {
        next.at(c.stopDeadlineNanos);
      }
      return;
    }
    if (c.liveness != null && !c.liveness.succeeded()) {
      LOG.info(
          "container {} of pod {}/{} failed its liveness probe, will be restarted",
          c.name,
          pod.getMetadata().getNamespace(),
          pod.getMetadata().getName());
      long grace = terminationGrace(pod);
      c.stopping = true;
      c.stopDeadlineNanos = now + Duration.ofSeconds(grace).toNanos();
      runtime.stop(current, grace == 0);
      c.forced = grace == 0;
      next.at(c.stopDeadlineNanos);
    }
  }

  private void restart(
      PodRecord record, ContainerRecord c, Pod pod, ContainerSnapshot exited, SyncWake next) {
    long now = clock.nanoTime();
    if (c.backoff.inBackoffSince(exited.finishedNanos(), now)) {
      c.backoffMessage =
          "back-off "
              + CrashLoopBackoff.goDuration(c.backoff.current())
              + " restarting failed container="
              + c.name
              + " pod="
              + record.name
              + "_"
              + record.namespace
              + "("
              + record.uid
              + ")";
      next.at(c.backoff.restartAtNanos(exited.finishedNanos()));
      return;
    }
    c.backoff.next(exited.finishedNanos(), now);
    start(record, c, pod, next);
  }

  private void start(PodRecord record, ContainerRecord c, Pod pod, SyncWake next) {
    int count = c.current == null ? c.restartCount : c.restartCount + 1;
    Container spec = c.spec;
    Launch launch =
        new Launch(
            pod,
            spec,
            c.init,
            count,
            record.logFile(c.name, count),
            clock,
            () -> EnvResolver.resolve(pod, spec, nodeIp, nodeIp, allocatable, sources),
            () -> wake.accept(record.key()));
    ContainerHandle started;
    try {
      started = runtime.start(launch);
    } catch (ContainerConfigException e) {
      c.configError = e.getMessage();
      next.at(clock.nanoTime() + CONFIG_RETRY.toNanos());
      return;
    }
    c.configError = null;
    c.backoffMessage = null;
    c.stopProbes();
    if (c.current != null) {
      c.previous = c.current;
      c.restartCount = count;
    }
    c.current = started;
    c.stopping = false;
    c.forced = false;
    ContainerSnapshot snap = started.snapshot();
    if (snap.exited()) {
      next.at(clock.nanoTime());
    } else if (snap.phase() == ContainerSnapshot.Phase.CREATING) {
      next.at(snap.readyAtNanos());
    }
    if (!c.init && runtime.runsProbes()) {
      startProbes(record, c, started);
    }
  }

  private void startProbes(PodRecord record, ContainerRecord c, ContainerHandle instance) {
    Runnable onChange = () -> wake.accept(record.key());
    String base = record.namespace + "-" + record.name + "-" + c.name;
    if (c.spec.getReadinessProbe() != null) {
      c.readiness =
          new ProbeWorker(
                  base + "-readiness",
                  ProbeWorker.Timing.of(c.spec.getReadinessProbe(), false),
                  false,
                  Probes.runner(c.spec.getReadinessProbe(), c.spec, instance, runtime, nodeIp),
                  instance,
                  clock,
                  onChange)
              .start();
    }
    if (c.spec.getLivenessProbe() != null) {
      c.liveness =
          new ProbeWorker(
                  base + "-liveness",
                  ProbeWorker.Timing.of(c.spec.getLivenessProbe(), true),
                  true,
                  Probes.runner(c.spec.getLivenessProbe(), c.spec, instance, runtime, nodeIp),
                  instance,
                  clock,
                  onChange)
              .start();
    }
  }

  private void terminate(PodRecord record, Pod pod, SyncWake next) {
    long now = clock.nanoTime();
    Long requested = pod.getMetadata().getDeletionGracePeriodSeconds();
    long grace = requested != null ? Math.max(0, requested) : terminationGrace(pod);
    if (!record.terminating) {
      record.terminating = true;
      record.killDeadlineNanos = now + Duration.ofSeconds(grace).toNanos();
      for (ContainerRecord c : record.all()) {
        c.stopProbes();
        c.backoffMessage = null;
        if (c.live()) {
          runtime.stop(c.current, grace == 0);
        }
      }
      record.killForced = grace == 0;
    } else if (grace == 0) {
      record.killDeadlineNanos = now; // a second delete shortened the grace period
    }
    if (!record.killForced && !record.stopped()) {
      if (now - record.killDeadlineNanos >= 0) {
        for (ContainerRecord c : record.all()) {
          if (c.live()) {
            runtime.stop(c.current, true);
          }
        }
        record.killForced = true;
      } else {
        next.at(record.killDeadlineNanos);
      }
    }
  }

  /** Forgets a pod: kills what still runs and removes its logs. */
  private void remove(PodRecord record) {
    records.remove(record.key(), record);
    for (ContainerRecord c : record.all()) {
      c.stopProbes();
      if (c.live()) {
        runtime.stop(c.current, true);
      }
    }
    Directories.deleteRecursively(record.logDirectory);
  }

  private static void refreshSpecs(PodRecord record, Pod pod) {
    for (Container spec : pod.getSpec().getInitContainers()) {
      record.container(spec.getName()).ifPresent(c -> c.spec = spec);
    }
    for (Container spec : pod.getSpec().getContainers()) {
      record.container(spec.getName()).ifPresent(c -> c.spec = spec);
    }
  }

  private static long terminationGrace(Pod pod) {
    Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
    return grace == null ? 30 : Math.max(0, grace);
  }

  /**
   * The log of {@code container} of pod {@code namespace/pod}, chosen as the kubelet does.
   *
   * @throws LogSelection.NoLogException when there is none to read (a 400)
   * @return empty when this node does not run that pod or the pod has no such container (a 404)
   */
  Optional<LogTarget> logTarget(String namespace, String pod, String container, boolean previous)
      throws LogSelection.NoLogException {
    PodRecord record = records.get(namespace + "/" + pod);
    if (record == null) {
      return Optional.empty();
    }
    Optional<ContainerRecord> c = record.container(container);
    if (c.isEmpty()) {
      return Optional.empty();
    }
    String id = LogSelection.select(pod, record.status, container, previous);
    for (ContainerHandle instance : new ContainerHandle[] {c.get().current, c.get().previous}) {
      if (instance != null && instance.id().equals(id)) {
        return Optional.of(new LogTarget(instance.launch().logFile(), instance));
      }
    }
    throw new LogSelection.NoLogException(
        "container \"" + container + "\" in pod \"" + pod + "\" is not available");
  }

  /** Whether this node knows the pod (for the log server's 404s). */
  boolean knows(String namespace, String pod) {
    return records.containsKey(namespace + "/" + pod);
  }

  /** The pods this node runs now. */
  int size() {
    return records.size();
  }

  /** Kills every instance and forgets every pod (the agent is stopping). */
  void closeAll() {
    for (PodRecord record : records.values()) {
      for (ContainerRecord c : record.all()) {
        c.stopProbes();
      }
    }
    records.clear();
  }
}
