package io.kubeloop.benchmarks.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeloop.informers.InformerFactory;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Watches the pods of one namespace and notes when each gets its node, against the time its creator
 * started the create request ({@link #created}): the end-to-end latency of scheduling.
 */
final class BindWatcher implements AutoCloseable {

  private final InformerFactory factory;
  private final ConcurrentHashMap<String, Long> createdAt = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> boundAt = new ConcurrentHashMap<>();
  private final AtomicInteger bound = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition progress = lock.newCondition();
  private volatile long lastBound;

  BindWatcher(KubernetesClient client, String namespace) throws InterruptedException {
    factory = InformerFactory.create(client);
    var informer =
        factory.informer(
            Pod.class, InformerOptions.defaults().withNamespaces(namespace).withCompact(false));
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod, boolean initial) {
            if (assigned(pod)) {
              note(pod);
            }
          }

          @Override
          public void onUpdate(Pod old, Pod pod) {
            if (!assigned(old) && assigned(pod)) {
              note(pod);
            }
          }
        });
    factory.startAll();
    if (!factory.waitForCacheSync(Duration.ofSeconds(60))) {
      throw new IllegalStateException("pod watcher did not sync: " + factory.health());
    }
  }

  /** Called by a creator just before it sends the create request for {@code name}. */
  void created(String name, long nanos) {
    createdAt.put(name, nanos);
  }

  /** Waits until {@code count} pods are bound; returns the time the last one was seen. */
  long awaitBound(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (bound.get() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              "only " + bound.get() + " of " + count + " pods bound within " + timeout);
        }
        progress.awaitNanos(Math.min(left, 100_000_000L));
      }
      return lastBound;
    } finally {
      lock.unlock();
    }
  }

  /** Created → bound latencies in milliseconds, sorted. */
  double[] latenciesMillis() {
    return boundAt.entrySet().stream()
        .filter(e -> createdAt.containsKey(e.getKey()))
        .mapToDouble(e -> (e.getValue() - createdAt.get(e.getKey())) / 1e6)
        .sorted()
        .toArray();
  }

  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
  }

  static double max(double[] sorted) {
    return sorted.length == 0 ? Double.NaN : Arrays.stream(sorted).max().orElseThrow();
  }

  private void note(Pod pod) {
    long now = System.nanoTime();
    if (boundAt.putIfAbsent(pod.getMetadata().getName(), now) == null) {
      lastBound = now;
      bound.incrementAndGet();
      lock.lock();
      try {
        progress.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private static boolean assigned(Pod pod) {
    return pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
  }

  @Override
  public void close() {
    factory.close();
  }
}
