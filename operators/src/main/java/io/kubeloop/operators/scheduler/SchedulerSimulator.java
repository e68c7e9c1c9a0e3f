package io.kubeloop.operators.scheduler;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubeloop.workqueue.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.random.RandomGenerator;

/**
 * The scheduler's algorithm without a cluster: the same plugins, weights and node search as {@link
 * Scheduler}, run on nodes and pods held in memory. Answers "where would this pod go, and if
 * nowhere, why" without writing anything, e.g. for capacity planning, tests of pod specs, and
 * benchmarks of the algorithm alone.
 *
 * <pre>{@code
 * SchedulerSimulator sim = SchedulerSimulator.create(nodes, runningPods, new SplittableRandom(1));
 * SchedulerSimulator.Decision d = sim.place(pod);   // schedule, and count the pod on its node
 * d.node();      // "worker-3", or null
 * d.message();   // "0/3 nodes are available: 3 Insufficient cpu." when null
 * }</pre>
 *
 * <p>Not thread-safe: use one simulator per thread.
 */
public final class SchedulerSimulator {

  /**
   * Where a pod would go.
   *
   * @param node the chosen node, or null if none fits
   * @param message why no node fits (kube's message), or empty
   * @param evaluatedNodes the nodes filtered to decide
   * @param feasibleNodes the nodes that passed every filter (at most the number searched for)
   */
  public record Decision(String node, String message, int evaluatedNodes, int feasibleNodes) {

    public boolean scheduled() {
      return node != null;
    }
  }

  private final SchedulerCache cache = new SchedulerCache(Clock.system(), Duration.ofDays(1));
  private final Snapshot snapshot = new Snapshot();
  private final Algorithm algorithm;

  private SchedulerSimulator(RandomGenerator random, int percentageOfNodesToScore) {
    this.algorithm = new Algorithm(Framework.defaults(null), random, percentageOfNodesToScore);
  }

  /**
   * A simulator of {@code nodes} with {@code assignedPods} (pods whose {@code spec.nodeName} is
   * set) already running, scoring nodes with kube's adaptive percentage.
   */
  public static SchedulerSimulator create(
      Collection<Node> nodes, Collection<Pod> assignedPods, RandomGenerator random) {
    return create(nodes, assignedPods, random, 0);
  }

  /**
   * As {@link #create(Collection, Collection, RandomGenerator)}, with kube's {@code
   * percentageOfNodesToScore} (0 for adaptive, or 1–100).
   */
  public static SchedulerSimulator create(
      Collection<Node> nodes,
      Collection<Pod> assignedPods,
      RandomGenerator random,
      int percentageOfNodesToScore) {
    SchedulerSimulator sim =
        new SchedulerSimulator(requireNonNull(random, "random"), percentageOfNodesToScore);
    for (Node n : nodes) {
      sim.cache.addNode(n);
    }
    for (Pod p : assignedPods) {
      if (!PodEvents.assigned(p)) {
        throw new IllegalArgumentException(
            "pod " + SchedulerCache.key(p) + " has no spec.nodeName: it is not running anywhere");
      }
      sim.cache.addPod(p);
    }
    return sim;
  }

  /** Where {@code pod} would go now; changes nothing. */
  public Decision schedule(Pod pod) {
    requireNonNull(pod, "pod");
    cache.updateSnapshot(snapshot);
    return switch (algorithm.schedule(pod, snapshot)) {
      case ScheduleOutcome.Suggested s ->
          new Decision(s.node(), "", s.evaluatedNodes(), s.feasibleNodes());
      case ScheduleOutcome.Unschedulable u ->
          new Decision(null, u.error().message(), u.error().nodeStatuses().size(), 0);
      case ScheduleOutcome.Failed f -> new Decision(null, f.status().message(), 0, 0);
    };
  }

  /**
   * Counts {@code pod} on {@code nodeName} from now on, as if bound there.
   *
   * @throws IllegalStateException if the pod is already counted
   */
  public void assume(Pod pod, String nodeName) {
    cache.assume(requireNonNull(pod, "pod"), requireNonNull(nodeName, "nodeName"));
  }

  /** {@link #schedule} and, if a node was found, {@link #assume} the pod there. */
  public Decision place(Pod pod) {
    Decision d = schedule(pod);
    if (d.scheduled()) {
      assume(pod, d.node());
    }
    return d;
  }
}
