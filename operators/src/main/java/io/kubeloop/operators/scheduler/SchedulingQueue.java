package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubeloop.workqueue.Clock;
import io.kubeloop.workqueue.DelayingQueue;
import io.kubeloop.workqueue.RateLimiter;
import io.kubeloop.workqueue.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pods waiting to be scheduled (kube's {@code PriorityQueue}), in four parts:
 *
 * <ul>
 *   <li><b>active</b>: ready now; {@link #pop} hands out the highest {@code spec.priority} first,
 *       then the one waiting longest;
 *   <li><b>backoff</b>: failed recently and waiting out a per-pod backoff of 1 s doubling to 10 s
 *       (a workqueue {@link RateLimiter#exponentialFailure} limiter decides the delay, a workqueue
 *       {@link DelayingQueue} holds the pod until then);
 *   <li><b>unschedulable</b>: no node fitted; they wait for a cluster change ({@link
 *       #moveAllToActiveOrBackoff}: a node added or updated, an assigned pod deleted or finished)
 *       or, at most, {@link #UNSCHEDULABLE_TIMEOUT} ({@link #flushUnschedulableLeftover});
 *   <li><b>gated</b>: pods with {@code spec.schedulingGates}, held until the gates are removed.
 * </ul>
 *
 * <p>A pod popped by a cycle is <em>in flight</em> until the cycle (and its binding) ends with
 * {@link #done} or {@link #requeue}. A cluster change during its cycle, or an update of the pod
 * itself, sends a pod that turns out unschedulable to backoff instead of the unschedulable pool, so
 * the change is not missed.
 *
 * <p>Thread-safe. The backoff's delaying queue is drained by one virtual thread.
 */
final class SchedulingQueue implements AutoCloseable {

  static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  static final Duration UNSCHEDULABLE_TIMEOUT = Duration.ofMinutes(5);

  /** Where a pod is. */
  enum Where {
    ACTIVE,
    BACKOFF,
    UNSCHEDULABLE,
    GATED,
    IN_FLIGHT
  }

  /**
   * A pod handed to a scheduling cycle.
   *
   * @param key {@code namespace/name}
   * @param pod the pod as last seen
   * @param attempts scheduling attempts so far, this one included
   * @param cycle the scheduling cycle number
   */
  record Popped(String key, Pod pod, int attempts, long cycle) {}

  /** A pod's entry; every field is guarded by the queue's lock. */
  private static final class Entry {
    final String key;
    Pod pod;
    int priority;
    long seq;
    Where where;
    int attempts;
    long backoffExpiry;
    long unschedulableSince;
    boolean updatedInFlight;

    Entry(String key, Pod pod) {
      this.key = key;
      this.pod = pod;
    }
  }

  private static final Comparator<Entry> ORDER =
      Comparator.<Entry>comparingInt(e -> -e.priority).thenComparingLong(e -> e.seq);

  private final Clock clock;
  private final RateLimiter<String> backoffLimiter;
  private final DelayingQueue<String> backoff;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Thread backoffMover;

  // guarded by lock
  private final Map<String, Entry> entries = new HashMap<>();
  private final PriorityQueue<Entry> active = new PriorityQueue<>(ORDER);
  private final Map<String, Entry> unschedulable = new LinkedHashMap<>();
  private final int[] counts = new int[Where.values().length];
  private long seq;
  private long schedulingCycle;
  private long moveRequestCycle = -1;
  private boolean closed;

  SchedulingQueue(Clock clock) {
    this.clock = clock;
    this.backoffLimiter = RateLimiter.exponentialFailure(INITIAL_BACKOFF, MAX_BACKOFF);
    this.backoff =
        WorkQueue.<String>builder().name("scheduler-backoff").clock(clock).buildDelaying();
    this.backoffMover =
        Thread.ofVirtual().name("scheduler-backoff").start(this::moveBackoffCompleted);
  }

  static String key(Pod pod) {
    return SchedulerCache.key(pod);
  }

  /** A new pod to schedule. An already known pod is updated instead. */
  void add(Pod pod) {
    lock.lock();
    try {
      addOrUpdateLocked(pod);
    } finally {
      lock.unlock();
    }
  }

  /** A pod to schedule changed. An unknown pod is added. */
  void update(Pod pod) {
    add(pod);
  }

  /** A pod is gone, or no longer needs scheduling (it was bound): forget it. */
  void delete(Pod pod) {
    delete(key(pod));
  }

  void delete(String key) {
    lock.lock();
    try {
      Entry e = entries.remove(key);
      if (e == null) {
        return;
      }
      switch (e.where) {
        case ACTIVE -> active.remove(e);
        case UNSCHEDULABLE -> unschedulable.remove(key);
        default -> {
          // backoff: the mover ignores keys without an entry; in flight: requeue finds none
        }
      }
      counts[e.where.ordinal()]--;
      backoffLimiter.forget(key);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for an active pod and hands it out, in flight. Returns null once the queue is closed.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  Popped pop() throws InterruptedException {
    lock.lock();
    try {
      while (active.isEmpty()) {
        if (closed) {
          return null;
        }
        notEmpty.await();
      }
      Entry e = active.poll();
      move(e, Where.IN_FLIGHT);
      e.attempts++;
      e.updatedInFlight = false;
      schedulingCycle++;
      return new Popped(e.key, e.pod, e.attempts, schedulingCycle);
    } finally {
      lock.unlock();
    }
  }

  /** The pod's cycle ended for good (bound, or no longer to be scheduled): forget it. */
  void done(String key) {
    lock.lock();
    try {
      Entry e = entries.get(key);
      if (e != null && e.where == Where.IN_FLIGHT) {
        entries.remove(key);
        counts[Where.IN_FLIGHT.ordinal()]--;
      }
      backoffLimiter.forget(key);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The pod's cycle failed: put it back, as kube's {@code AddUnschedulableIfNotPresent}. An error
   * (or a rejection while the cluster changed during the cycle) sends it to backoff; a rejection
   * otherwise to the unschedulable pool. Nothing happens if the pod was deleted meanwhile.
   *
   * @param popped what {@link #pop} returned
   * @param rejected whether no node fitted (otherwise the cycle or the binding failed)
   * @param latest the pod as the informer has it now
   */
  void requeue(Popped popped, boolean rejected, Pod latest) {
    lock.lock();
    try {
      Entry e = entries.get(popped.key());
      if (e == null || e.where != Where.IN_FLIGHT) {
        return;
      }
      e.pod = latest;
      e.backoffExpiry = clock.nanoTime() + backoffLimiter.when(e.key).toNanos();
      boolean changedMeanwhile = moveRequestCycle >= popped.cycle() || e.updatedInFlight;
      e.updatedInFlight = false;
      if (isGated(latest)) {
        move(e, Where.GATED);
      } else if (!rejected || changedMeanwhile) {
        toBackoff(e);
      } else {
        move(e, Where.UNSCHEDULABLE);
        e.unschedulableSince = clock.nanoTime();
        unschedulable.put(e.key, e);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The cluster changed in a way that may let unschedulable pods fit: move them all to active, or
   * to backoff while their backoff lasts.
   */
  void moveAllToActiveOrBackoff() {
    lock.lock();
    try {
      moveRequestCycle = schedulingCycle;
      if (unschedulable.isEmpty()) {
        return;
      }
      List<Entry> moving = new ArrayList<>(unschedulable.values());
      unschedulable.clear();
      for (Entry e : moving) {
        activeOrBackoff(e);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Moves pods that have been unschedulable for {@link #UNSCHEDULABLE_TIMEOUT} or longer. */
  void flushUnschedulableLeftover() {
    long now = clock.nanoTime();
    lock.lock();
    try {
      for (var it = unschedulable.values().iterator(); it.hasNext(); ) {
        Entry e = it.next();
        if (now - e.unschedulableSince >= UNSCHEDULABLE_TIMEOUT.toNanos()) {
          it.remove();
          activeOrBackoff(e);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Pending pods by part: {@code active}, {@code backoff}, {@code unschedulable}, {@code gated}.
   */
  Map<String, Integer> pending() {
    lock.lock();
    try {
      Map<String, Integer> m = new LinkedHashMap<>();
      m.put("active", counts[Where.ACTIVE.ordinal()]);
      m.put("backoff", counts[Where.BACKOFF.ordinal()]);
      m.put("unschedulable", counts[Where.UNSCHEDULABLE.ordinal()]);
      m.put("gated", counts[Where.GATED.ordinal()]);
      return m;
    } finally {
      lock.unlock();
    }
  }

  /** Where the pod is, if the queue knows it (for tests and diagnostics). */
  Optional<Where> where(String key) {
    lock.lock();
    try {
      Entry e = entries.get(key);
      return e == null ? Optional.empty() : Optional.of(e.where);
    } finally {
      lock.unlock();
    }
  }

  /** Wakes {@link #pop} callers (they get null) and stops the backoff mover. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
    backoff.shutDown();
    backoffMover.interrupt();
  }

  // guarded by lock
  private void addOrUpdateLocked(Pod pod) {
    if (closed) {
      return;
    }
    String key = key(pod);
    Entry e = entries.get(key);
    if (e != null) {
      updateLocked(e, pod);
      return;
    }
    e = new Entry(key, pod);
    entries.put(key, e);
    e.where = Where.GATED;
    counts[Where.GATED.ordinal()]++;
    if (!isGated(pod)) {
      toActive(e);
    }
  }

  // guarded by lock
  private void updateLocked(Entry e, Pod pod) {
    Pod old = e.pod;
    e.pod = pod;
    boolean changed = specOrMetadataChanged(old, pod);
    switch (e.where) {
      case IN_FLIGHT -> e.updatedInFlight |= changed;
      case UNSCHEDULABLE -> {
        if (changed) {
          unschedulable.remove(e.key);
          activeOrBackoff(e);
        }
      }
      case GATED -> {
        if (!isGated(pod)) {
          toActive(e);
        }
      }
      case ACTIVE -> {
        int priority = priority(pod);
        if (priority != e.priority) {
          active.remove(e);
          e.priority = priority;
          active.add(e);
        }
      }
      case BACKOFF -> {
        // stays until its backoff ends; the mover hands out the latest object
      }
    }
  }

  // guarded by lock
  private void activeOrBackoff(Entry e) {
    if (e.backoffExpiry - clock.nanoTime() > 0) {
      toBackoff(e);
    } else {
      toActive(e);
    }
  }

  // guarded by lock
  private void toActive(Entry e) {
    move(e, Where.ACTIVE);
    e.priority = priority(e.pod);
    e.seq = seq++;
    active.add(e);
    notEmpty.signal();
  }

  // guarded by lock
  private void toBackoff(Entry e) {
    move(e, Where.BACKOFF);
    backoff.addAfter(e.key, Duration.ofNanos(Math.max(0, e.backoffExpiry - clock.nanoTime())));
  }

  // guarded by lock
  private void move(Entry e, Where to) {
    counts[e.where.ordinal()]--;
    counts[to.ordinal()]++;
    e.where = to;
  }

  /** The backoff mover's loop: each pod whose delay is over goes to active. */
  private void moveBackoffCompleted() {
    try {
      for (Optional<String> next = backoff.get(); next.isPresent(); next = backoff.get()) {
        String key = next.get();
        try {
          lock.lock();
          try {
            Entry e = entries.get(key);
            if (e != null && e.where == Where.BACKOFF) {
              long left = e.backoffExpiry - clock.nanoTime();
              if (left > 0) {
                // delayed again with a later expiry; the earlier delay fired first
                backoff.addAfter(key, Duration.ofNanos(left));
              } else {
                toActive(e);
              }
            }
          } finally {
            lock.unlock();
          }
        } finally {
          backoff.done(key);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static boolean isGated(Pod pod) {
    return pod.getSpec() != null
        && pod.getSpec().getSchedulingGates() != null
        && !pod.getSpec().getSchedulingGates().isEmpty();
  }

  private static int priority(Pod pod) {
    Integer p = pod.getSpec() == null ? null : pod.getSpec().getPriority();
    return p == null ? 0 : p;
  }

  /** kube's {@code isPodUpdated}: anything but status and bookkeeping metadata changed. */
  private static boolean specOrMetadataChanged(Pod old, Pod pod) {
    if (old == pod) {
      return false;
    }
    return !Objects.equals(old.getSpec(), pod.getSpec())
        || !Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels())
        || !Objects.equals(old.getMetadata().getAnnotations(), pod.getMetadata().getAnnotations());
  }
}
