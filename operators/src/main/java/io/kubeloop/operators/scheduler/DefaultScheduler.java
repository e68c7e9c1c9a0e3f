package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeloop.informers.InformerFactory;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.informers.SharedIndexInformer;
import io.kubeloop.workqueue.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler: informers feed the {@link SchedulerCache} and the {@link SchedulingQueue}; one
 * thread runs scheduling cycles (kube's {@code ScheduleOne}); bindings run asynchronously after the
 * pod is assumed; a housekeeping thread expires unconfirmed assumed pods and flushes pods
 * unschedulable for too long.
 */
final class DefaultScheduler implements Scheduler {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultScheduler.class);

  /** kube's {@code NoteLengthLimit} for event messages; condition messages are cut the same. */
  static final int MESSAGE_LIMIT = 1024;

  /** How long an assumed pod whose binding returned waits for the informer to confirm it. */
  static final Duration ASSUMED_POD_TTL = Duration.ofMinutes(15);

  /** Bindings outstanding at once; the scheduling thread waits for a slot beyond that. */
  static final int MAX_BINDS_IN_FLIGHT = 32;

  static final Duration HOUSEKEEPING_PERIOD = Duration.ofSeconds(1);
  static final Duration FLUSH_UNSCHEDULABLE_PERIOD = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final Clock clock;
  private final MeterRegistry meterRegistry;
  private final String schedulerName;
  private final InstantSource wallClock = InstantSource.system();

  private final SchedulerCache cache;
  private final SchedulingQueue queue;
  private final Framework framework;
  private final Algorithm algorithm;
  private final Snapshot snapshot = new Snapshot();
  private final ApiCalls api;
  private final EventRecorder events;
  private final SchedulerMetrics metrics;
  private final Semaphore bindSlots = new Semaphore(MAX_BINDS_IN_FLIGHT);
  private final Executor callbacks = Executors.newVirtualThreadPerTaskExecutor();

  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ReentrantLock sleepLock = new ReentrantLock();
  private final Condition wake = sleepLock.newCondition();
  private volatile boolean synced;
  private volatile InformerFactory informers;
  private volatile SharedIndexInformer<Pod> pods;
  private Thread loop;
  private Thread housekeeping;

  DefaultScheduler(
      KubernetesClient client,
      Clock clock,
      RandomGenerator random,
      MeterRegistry meterRegistry,
      String schedulerName,
      int percentageOfNodesToScore) {
    this.client = client;
    this.clock = clock;
    this.meterRegistry = meterRegistry;
    this.schedulerName = schedulerName;
    this.cache = new SchedulerCache(clock, ASSUMED_POD_TTL);
    this.queue = new SchedulingQueue(clock);
    this.api = new ApiCalls(client);
    this.framework = Framework.defaults(new DefaultBinder(api));
    this.algorithm = new Algorithm(framework, random, percentageOfNodesToScore);
    this.events = new EventRecorder(api, wallClock, schedulerName + "-" + UUID.randomUUID());
    this.metrics =
        meterRegistry == null
            ? SchedulerMetrics.none()
            : SchedulerMetrics.register(meterRegistry, schedulerName, queue);
  }

  @Override
  public Scheduler start() {
    if (closed.get() || !started.compareAndSet(false, true)) {
      throw new IllegalStateException("a scheduler can be started once, and not after close");
    }
    var builder = InformerFactory.builder(client);
    if (meterRegistry != null) {
      builder.meterRegistry(meterRegistry);
    }
    InformerFactory factory = builder.build();
    informers = factory;
    // as kube-scheduler: finished pods hold no resources and need no scheduling. The caches are
    // read only when a cycle fails, so objects are kept as plain JSON: packing every change
    // would cost more CPU than the memory it saves is worth here.
    pods =
        factory.informer(
            Pod.class,
            InformerOptions.defaults()
                .withFieldSelector("status.phase!=Succeeded,status.phase!=Failed")
                .withCompact(false));
    SharedIndexInformer<Node> nodes =
        factory.informer(Node.class, InformerOptions.defaults().withCompact(false));
    pods.addEventHandler(new PodEvents(schedulerName, cache, queue));
    nodes.addEventHandler(new NodeEvents(cache, queue));
    factory.startAll();
    loop = Thread.ofPlatform().name("scheduler-" + schedulerName).daemon().start(this::run);
    housekeeping = Thread.ofVirtual().name("scheduler-housekeeping").start(this::housekeep);
    return this;
  }

  @Override
  public boolean isSynced() {
    return synced;
  }

  @Override
  public String schedulerName() {
    return schedulerName;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    queue.close();
    if (loop != null) {
      loop.interrupt();
    }
    if (housekeeping != null) {
      housekeeping.interrupt();
    }
    InformerFactory factory = informers;
    if (factory != null) {
      factory.close();
    }
    events.close();
  }

  /** The scheduling thread: waits for the caches, then runs one cycle after another. */
  private void run() {
    try {
      while (!closed.get() && !informers.waitForCacheSync(Duration.ofSeconds(1))) {
        LOG.debug("waiting for the pod and node caches: {}", informers.health());
      }
      synced = !closed.get();
      while (!closed.get()) {
        SchedulingQueue.Popped popped = queue.pop();
        if (popped == null) {
          return;
        }
        try {
          scheduleOne(popped);
        } catch (RuntimeException e) {
          LOG.error("scheduling cycle for pod {} failed", popped.key(), e);
          handleFailure(popped, popped.pod(), Status.error(e), "SchedulerError", e.toString());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One scheduling cycle (kube's {@code ScheduleOne} and {@code schedulingCycle}). */
  private void scheduleOne(SchedulingQueue.Popped popped) throws InterruptedException {
    Pod pod = popped.pod();
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      events.record(
          pod,
          "Warning",
          "FailedScheduling",
          "Scheduling",
          "skip schedule deleting pod: " + popped.key());
      queue.done(popped.key());
      return;
    }
    if (cache.contains(popped.key())) {
      // assumed (or already bound) by an earlier cycle; an update brought it back meanwhile
      queue.done(popped.key());
      return;
    }
    cache.updateSnapshot(snapshot);
    ScheduleOutcome outcome = algorithm.schedule(pod, snapshot);
    switch (outcome) {
      case ScheduleOutcome.Suggested s -> assumeAndBind(popped, pod, s.node());
      case ScheduleOutcome.Unschedulable u -> {
        String message = u.error().message();
        handleFailure(popped, pod, Status.unschedulable(message), "Unschedulable", message);
      }
      case ScheduleOutcome.Failed f -> {
        boolean rejected = f.status().isRejected();
        handleFailure(
            popped,
            pod,
            f.status(),
            rejected ? "Unschedulable" : "SchedulerError",
            f.status().message());
      }
    }
  }

  private void assumeAndBind(SchedulingQueue.Popped popped, Pod pod, String node)
      throws InterruptedException {
    cache.assume(pod, node);
    bindSlots.acquire();
    CompletableFuture<Status> binding;
    try {
      binding = framework.binder().bind(pod, node);
    } catch (RuntimeException e) {
      binding = CompletableFuture.completedFuture(Status.error(e));
    }
    binding.whenCompleteAsync(
        (status, error) -> {
          bindSlots.release();
          Status s = error != null ? Status.error(error) : status;
          bindingFinished(popped, pod, node, s);
        },
        callbacks);
  }

  /** The binding cycle's end (kube's {@code bindingCycle} and {@code handleBindingCycleError}). */
  private void bindingFinished(SchedulingQueue.Popped popped, Pod pod, String node, Status s) {
    if (s.isSuccess()) {
      LOG.debug("pod {} bound to {}", popped.key(), node);
      cache.finishBinding(popped.key());
      queue.done(popped.key());
      metrics.attempt(SchedulerMetrics.SCHEDULED);
      events.record(
          pod,
          "Normal",
          "Scheduled",
          "Binding",
          "Successfully assigned " + popped.key() + " to " + node);
      return;
    }
    LOG.debug("binding pod {} to {} failed: {}", popped.key(), node, s.message());
    cache.forget(popped.key());
    // what the pod held is free again
    queue.moveAllToActiveOrBackoff();
    handleFailure(popped, pod, s, "SchedulerError", s.message());
  }

  /**
   * kube's {@code handleSchedulingFailure}: requeues the pod as the informer has it now (unless it
   * is gone or bound meanwhile), records a FailedScheduling event and sets PodScheduled=False.
   */
  private void handleFailure(
      SchedulingQueue.Popped popped, Pod pod, Status status, String reason, String message) {
    boolean rejected = status.isRejected();
    LOG.debug("pod {} not scheduled ({}): {}", popped.key(), reason, message);
    metrics.attempt(rejected ? SchedulerMetrics.UNSCHEDULABLE : SchedulerMetrics.ERROR);
    Pod latest =
        pods.lister()
            .namespace(pod.getMetadata().getNamespace())
            .get(pod.getMetadata().getName())
            .orElse(null);
    if (latest == null || PodEvents.assigned(latest)) {
      queue.done(popped.key());
      return;
    }
    queue.requeue(popped, rejected, latest);
    String msg = truncate(message);
    events.record(latest, "Warning", "FailedScheduling", "Scheduling", msg);
    updateCondition(latest, reason, msg);
  }

  /** Patches PodScheduled=False unless the pod already says exactly that. */
  private void updateCondition(Pod pod, String reason, String message) {
    PodCondition old = null;
    if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
      for (PodCondition c : pod.getStatus().getConditions()) {
        if ("PodScheduled".equals(c.getType())) {
          old = c;
        }
      }
    }
    if (old != null
        && "False".equals(old.getStatus())
        && reason.equals(old.getReason())
        && message.equals(old.getMessage())) {
      return;
    }
    String transition =
        old != null && "False".equals(old.getStatus()) && old.getLastTransitionTime() != null
            ? old.getLastTransitionTime()
            : EventRecorder.timestamp(wallClock.instant());
    Map<String, Object> condition = new LinkedHashMap<>();
    condition.put("type", "PodScheduled");
    condition.put("status", "False");
    condition.put("lastProbeTime", null);
    condition.put("lastTransitionTime", transition);
    condition.put("reason", reason);
    condition.put("message", message);
    api.patchPodStatus(pod, Map.of("conditions", List.of(condition)))
        .thenAccept(
            o -> {
              if (!o.ok()) {
                LOG.debug(
                    "could not update the condition of pod {}: {}",
                    pod.getMetadata().getName(),
                    o.message());
              }
            });
  }

  /** Every second: expire unconfirmed assumed pods; every 30 s: flush long-unschedulable pods. */
  private void housekeep() {
    long nextFlush = clock.nanoTime() + FLUSH_UNSCHEDULABLE_PERIOD.toNanos();
    try {
      while (!closed.get()) {
        sleepLock.lock();
        try {
          clock.awaitUntil(sleepLock, wake, clock.nanoTime() + HOUSEKEEPING_PERIOD.toNanos());
        } finally {
          sleepLock.unlock();
        }
        for (String key : cache.cleanupExpired()) {
          LOG.warn("assumed pod {} expired: its binding was never confirmed", key);
        }
        if (clock.nanoTime() - nextFlush >= 0) {
          queue.flushUnschedulableLeftover();
          nextFlush = clock.nanoTime() + FLUSH_UNSCHEDULABLE_PERIOD.toNanos();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String truncate(String message) {
    if (message.length() <= MESSAGE_LIMIT) {
      return message;
    }
    String suffix = " ...";
    return message.substring(0, MESSAGE_LIMIT - suffix.length()) + suffix;
  }
}
