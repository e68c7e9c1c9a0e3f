package io.kubeloop.operators.scheduler;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events about pods, as kube's event recorder does for the scheduler ({@code
 * source.component} and {@code reportingComponent} {@code default-scheduler}): asynchronously, so
 * that scheduling never waits for an event, and aggregated: the same event for the same pod within
 * ten minutes bumps {@code count} and {@code lastTimestamp} of the first instead of creating
 * another.
 *
 * <p>Events wait in a buffer of {@link #BUFFER} and at most {@link #IN_FLIGHT} requests are
 * outstanding; when the buffer is full, new events are dropped (and counted), as client-go's
 * broadcaster drops them rather than block the scheduler. Thread-safe.
 */
final class EventRecorder implements AutoCloseable {

  static final String COMPONENT = "default-scheduler";
  static final int BUFFER = 1000;
  static final int IN_FLIGHT = 8;

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private record Spec(Pod pod, String type, String reason, String action, String message) {}

  private record AggregateKey(
      String namespace, String uid, String type, String reason, String message) {}

  /** An event already written; {@code count} only changes on the writer thread. */
  private static final class Aggregate {
    final String name;
    int count = 1;

    Aggregate(String name) {
      this.name = name;
    }
  }

  private final ApiCalls api;
  private final InstantSource wallClock;
  private final String instance;
  private final BlockingQueue<Spec> pending = new ArrayBlockingQueue<>(BUFFER);
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
  private final Cache<AggregateKey, Aggregate> recent =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(10)).maximumSize(4096).build();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();
  private final Thread writer;

  EventRecorder(ApiCalls api, InstantSource wallClock, String instance) {
    this.api = api;
    this.wallClock = wallClock;
    this.instance = instance;
    this.writer = Thread.ofVirtual().name("scheduler-events").start(this::writeLoop);
  }

  /** Queues an event about {@code pod}; never blocks. */
  void record(Pod pod, String type, String reason, String action, String message) {
    if (!pending.offer(new Spec(pod, type, reason, action, message))) {
      long n = dropped.incrementAndGet();
      if (n == 1 || n % 1000 == 0) {
        LOG.warn("event buffer full, {} events dropped so far", n);
      }
    }
  }

  long dropped() {
    return dropped.get();
  }

  @Override
  public void close() {
    writer.interrupt();
  }

  private void writeLoop() {
    try {
      while (true) {
        Spec spec = pending.take();
        inFlight.acquire();
        try {
          write(spec);
        } catch (RuntimeException e) {
          inFlight.release();
          LOG.warn("could not write event {} for a pod", spec.reason(), e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // on the writer thread; releases one inFlight permit when the request completes
  private void write(Spec spec) {
    Pod pod = spec.pod();
    String namespace = pod.getMetadata().getNamespace();
    String now = timestamp(wallClock.instant());
    AggregateKey key =
        new AggregateKey(
            namespace, pod.getMetadata().getUid(), spec.type(), spec.reason(), spec.message());
    Aggregate seen = recent.getIfPresent(key);
    if (seen != null) {
      seen.count++;
      recent.put(key, seen);
      api.patchEvent(namespace, seen.name, Map.of("count", seen.count, "lastTimestamp", now))
          .whenComplete(
              (o, e) -> {
                inFlight.release();
                if (o != null && !o.ok()) {
                  LOG.debug("could not update event {}: {}", seen.name, o.message());
                }
              });
      return;
    }
    String name =
        pod.getMetadata().getName()
            + "."
            + Long.toHexString(epochNanos(wallClock.instant()) + sequence.incrementAndGet());
    StringBuilder json = new StringBuilder(768);
    json.append("{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{");
    JsonText.field(json, "name", name, true);
    JsonText.field(json, "namespace", namespace, false);
    json.append("},\"involvedObject\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\"");
    JsonText.field(json, "namespace", namespace, false);
    JsonText.field(json, "name", pod.getMetadata().getName(), false);
    JsonText.field(json, "uid", pod.getMetadata().getUid(), false);
    JsonText.field(json, "resourceVersion", pod.getMetadata().getResourceVersion(), false);
    json.append('}');
    JsonText.field(json, "type", spec.type(), false);
    JsonText.field(json, "reason", spec.reason(), false);
    JsonText.field(json, "action", spec.action(), false);
    JsonText.field(json, "message", spec.message(), false);
    json.append(",\"source\":{");
    JsonText.field(json, "component", COMPONENT, true).append('}');
    JsonText.field(json, "reportingComponent", COMPONENT, false);
    JsonText.field(json, "reportingInstance", instance, false);
    JsonText.field(json, "firstTimestamp", now, false);
    JsonText.field(json, "lastTimestamp", now, false);
    json.append(",\"count\":1}");
    recent.put(key, new Aggregate(name));
    api.createEvent(namespace, json.toString())
        .whenComplete(
            (o, e) -> {
              inFlight.release();
              if (o != null && !o.ok()) {
                LOG.debug("could not create event {}: {}", name, o.message());
              }
            });
  }

  private static long epochNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  static String timestamp(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
