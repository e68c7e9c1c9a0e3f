package io.kubeloop.benchmarks.apiserver;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.kubeloop.apiserver.ApiServerConfig.StorageKind;
import io.kubeloop.benchmarks.common.Machine;
import io.kubeloop.benchmarks.common.Options;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Watch fan-out: {@code --watchers} Fabric8 watches (WebSocket) on one namespace of kubeloop
 * (memory storage), then {@code --events} numbered writes (first creates, then one update of each
 * created ConfigMap) paced at {@code --rate} per second by {@code --writers} threads. Every watcher
 * records when each event arrives; latency is measured from the write's acknowledgement and from
 * just before it was sent (a timestamp in the object). Events a watcher never received within
 * {@code --drain-seconds} after the last write count as missed.
 *
 * <p>The watchers, the writers and the server share this JVM and its cores: Fabric8 decodes every
 * event for every watcher, which on a small machine costs about as much as serving it.
 *
 * <pre>
 * java -cp ... io.kubeloop.benchmarks.apiserver.WatchFanout \
 *     [--watchers 1000] [--events 1000] [--rate 10] [--writers 4] [--warmup-events 100]
 *     [--drain-seconds 30] [--kubeconfig path]   (a server in another JVM, e.g. ServerProcess)
 * </pre>
 */
public final class WatchFanout {

  /** One namespace per run, so that runs against one external server do not collide. */
  private static final String NAMESPACE = "fanout-" + System.currentTimeMillis() % 100_000;

  private WatchFanout() {}

  public static void main(String[] argv) throws Exception {
    Options options = new Options(argv);
    int watchers = options.integer("watchers", 1_000);
    int events = options.integer("events", 1_000);
    int rate = options.integer("rate", 10);
    int writers = options.integer("writers", 4);
    int warmupEvents = options.integer("warmup-events", 100);
    int drainSeconds = options.integer("drain-seconds", 30);
    if (events % 2 != 0 || (events / 2) % writers != 0) {
      throw new IllegalArgumentException(
          String.format(
              "events/2 must be a multiple of writers (%d), got %d events", writers, events));
    }

    System.out.println("# Watch fan-out");
    System.out.println(Machine.describe());
    System.out.printf(
        "%d Fabric8 watchers (WebSocket), %d events (%d creates + %d updates) at %d/s by %d"
            + " writers, after %d warm-up events%n%n",
        watchers, events, events / 2, events / 2, rate, writers, warmupEvents);

    String kubeconfig = options.string("kubeconfig", "");
    try (Target server =
            kubeconfig.isEmpty()
                ? OurServer.start(StorageKind.MEMORY)
                : new External(Path.of(kubeconfig));
        KubernetesClient watchClient = Clients.build(server.client().getConfiguration())) {
      server.createNamespace(NAMESPACE);
      KubernetesClient client = server.client();

      List<WatchRecorder> recorders = new ArrayList<>();
      List<Watch> watches = new ArrayList<>();
      long openStart = System.nanoTime();
      try (ExecutorService opener = Executors.newFixedThreadPool(8)) {
        List<Future<Watch>> opening = new ArrayList<>();
        for (int w = 0; w < watchers; w++) {
          WatchRecorder recorder = new WatchRecorder(events);
          recorders.add(recorder);
          opening.add(
              opener.submit(() -> watchClient.configMaps().inNamespace(NAMESPACE).watch(recorder)));
        }
        for (Future<Watch> f : opening) {
          watches.add(f.get());
        }
      }
      double openSeconds = (System.nanoTime() - openStart) / 1e9;

      // warm-up events, and proof that every watch is registered before measuring
      for (int i = 0; i < warmupEvents; i++) {
        client
            .configMaps()
            .inNamespace(NAMESPACE)
            .resource(withSeq(ConfigMaps.create("warmup-" + i, "0"), -1, System.nanoTime()))
            .create();
      }
      awaitCondition(
          () -> recorders.stream().allMatch(r -> r.warmupEvents.get() >= warmupEvents), 60);

      long[] sentAt = new long[events];
      long[] ackedAt = new long[events];
      ConfigMap[] created = new ConfigMap[events / 2];
      AtomicReference<String> firstWriteError = new AtomicReference<>();
      AtomicInteger writeErrors = new AtomicInteger();
      long start = System.nanoTime() + 50_000_000L;
      double intervalNanos = 1e9 / rate;
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        threads.add(
            Thread.ofPlatform()
                .name("writer-" + w)
                .start(
                    () -> {
                      for (int i = writer; i < events; i += writers) {
                        long due = start + (long) (i * intervalNanos);
                        while (System.nanoTime() < due) {
                          LockSupport.parkNanos(due - System.nanoTime());
                        }
                        try {
                          write(client, i, events / 2, created, sentAt, ackedAt);
                        } catch (RuntimeException e) {
                          writeErrors.incrementAndGet();
                          firstWriteError.compareAndSet(null, e.toString());
                        }
                      }
                    }));
      }
      // a reader beside the writers: GETs of one ConfigMap every 20 ms while events fan out
      Samples probe = new Samples();
      AtomicBoolean probing = new AtomicBoolean(true);
      Thread prober =
          Thread.ofPlatform()
              .name("get-probe")
              .start(
                  () -> {
                    while (probing.get()) {
                      long t0 = System.nanoTime();
                      client.configMaps().inNamespace(NAMESPACE).withName("warmup-0").get();
                      probe.add(System.nanoTime() - t0);
                      LockSupport.parkNanos(20_000_000L);
                    }
                  });
      for (Thread t : threads) {
        t.join();
      }
      long writesDone = System.nanoTime();
      probing.set(false);
      prober.join();
      awaitCondition(
          () -> recorders.stream().allMatch(r -> r.delivered.get() >= events || r.closed),
          drainSeconds);
      long drained = System.nanoTime();

      report(recorders, sentAt, ackedAt, start, writesDone, drained, watchers, events, openSeconds);
      System.out.printf(
          Locale.ROOT,
          "GET of one ConfigMap every 20 ms during the writes: %d GETs, p50 %s ms, p99 %s ms,"
              + " max %s ms%n",
          probe.count(),
          Samples.ms(probe.quantile(0.5)),
          Samples.ms(probe.quantile(0.99)),
          Samples.ms(probe.max()));
      if (firstWriteError.get() != null) {
        System.out.println(
            "write errors: " + writeErrors.get() + ", first: " + firstWriteError.get());
      }
      watches.forEach(Watch::close);
    }
  }

  private static void write(
      KubernetesClient client,
      int i,
      int objects,
      ConfigMap[] created,
      long[] sentAt,
      long[] ackedAt) {
    long sent = System.nanoTime();
    sentAt[i] = sent;
    if (i < objects) {
      created[i] =
          client
              .configMaps()
              .inNamespace(NAMESPACE)
              .resource(withSeq(ConfigMaps.create(ConfigMaps.name(i), "0"), i, sent))
              .create();
    } else {
      // the same writer thread created this object earlier (objects is a multiple of writers)
      ConfigMap current = created[i - objects];
      client
          .configMaps()
          .inNamespace(NAMESPACE)
          .resource(withSeq(ConfigMaps.update(current, "1"), i, sent))
          .update();
    }
    ackedAt[i] = System.nanoTime();
  }

  private static ConfigMap withSeq(ConfigMap object, int seq, long sent) {
    return new ConfigMapBuilder(object)
        .addToData(WatchRecorder.SEQ, Integer.toString(seq))
        .addToData(WatchRecorder.SENT, Long.toString(sent))
        .build();
  }

  private static void report(
      List<WatchRecorder> recorders,
      long[] sentAt,
      long[] ackedAt,
      long start,
      long writesDone,
      long drained,
      int watchers,
      int events,
      double openSeconds) {
    Samples fromAck = new Samples(watchers * events);
    Samples fromSend = new Samples(watchers * events);
    long missed = 0;
    long beforeAck = 0;
    long lastReceipt = 0;
    int duplicates = 0;
    int closed = 0;
    for (WatchRecorder r : recorders) {
      r.delivered.get(); // reads after the recorder's writes
      duplicates += r.duplicates.get();
      if (r.closed) {
        closed++;
      }
      for (int i = 0; i < events; i++) {
        long at = r.receivedAt[i];
        if (at == 0 || ackedAt[i] == 0) {
          missed++;
          continue;
        }
        lastReceipt = Math.max(lastReceipt, at);
        fromSend.add(at - sentAt[i]);
        long sinceAck = at - ackedAt[i];
        if (sinceAck < 0) {
          beforeAck++;
        }
        fromAck.add(Math.max(0, sinceAck));
      }
    }
    double writeSeconds = (writesDone - start) / 1e9;
    double deliverySeconds = (Math.max(lastReceipt, writesDone) - start) / 1e9;
    long delivered = (long) watchers * events - missed;
    System.out.printf(
        Locale.ROOT,
        "opened %d watches in %.1f s; writes took %.1f s (%.0f events/s); last delivery %.2f s"
            + " after the last write%n%n",
        watchers,
        openSeconds,
        writeSeconds,
        events / writeSeconds,
        (lastReceipt - writesDone) / 1e9);
    System.out.println("| latency from | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    for (var row :
        List.of(Map.entry("write acknowledged", fromAck), Map.entry("write sent", fromSend))) {
      Samples s = row.getValue();
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %s | %s | %s | %s |%n",
          row.getKey(),
          Samples.ms(s.quantile(0.5)),
          Samples.ms(s.quantile(0.9)),
          Samples.ms(s.quantile(0.99)),
          Samples.ms(s.quantile(0.999)),
          Samples.ms(s.max()));
    }
    System.out.println();
    System.out.println(
        "| deliveries | missed | duplicates | received before ack | watches closed |"
            + " deliveries/s | load average |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
    System.out.printf(
        Locale.ROOT,
        "| %d | %d | %d | %d | %d | %.0f | %s |%n",
        delivered,
        missed,
        duplicates,
        beforeAck,
        closed,
        delivered / deliverySeconds,
        Machine.loadAverage());
    System.out.printf(
        Locale.ROOT,
        "(drain wait ended %.1f s after the last write)%n",
        (drained - writesDone) / 1e9);
  }

  private static void awaitCondition(BooleanSupplier done, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
