package io.kubeloop.benchmarks.informers;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.KubeApiServer;
import io.kubeloop.informers.HandlerRegistration;
import io.kubeloop.informers.InformerFactory;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.informers.ListMode;
import io.kubeloop.informers.ResourceEventHandler;
import io.kubeloop.informers.SharedIndexInformer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * kubeloop's informer beside Fabric8's SharedIndexInformer, on one in-process API server with the
 * same ConfigMaps, in one run:
 *
 * <ol>
 *   <li>time from start to synced (median of {@code --runs}, the informers taking turns);
 *   <li>heap retained per cached object, measured as the growth of used heap after full GCs when
 *       each informer is started and synced, all of them kept alive;
 *   <li>delivery latency (write sent to handler called) under {@code --rate} updates per second.
 * </ol>
 *
 * <pre>
 * java -Xmx6g -cp ... io.kubeloop.benchmarks.informers.InformerBenchmark \
 *     [--objects 100000] [--bytes 1024] [--data text|random] [--runs 5] [--rate 1000] [--seconds 20]
 * </pre>
 */
public final class InformerBenchmark {

  private static final String NS = "bench";

  /** Where the sync handlers put what they read, so the JIT cannot drop the read. */
  private static final java.util.concurrent.atomic.LongAdder KEYS =
      new java.util.concurrent.atomic.LongAdder();

  private static final java.util.logging.Logger QUIET =
      java.util.logging.Logger.getLogger("io.vertx");

  private InformerBenchmark() {}

  public static void main(String[] argv) throws Exception {
    Options opts = new Options(argv);
    int objects = opts.integer("objects", 100_000);
    int bytes = opts.integer("bytes", 1024);
    String data = opts.string("data", "text");
    int runs = opts.integer("runs", 5);
    int rate = opts.integer("rate", 1000);
    int seconds = opts.integer("seconds", 20);
    String phases = opts.string("phases", "sync,heap,latency");
    // Fabric8 decodes its whole list on a Vert.x event loop, and Vert.x logs a stack trace for it
    QUIET.setLevel(java.util.logging.Level.OFF);
    Path dir = Files.createTempDirectory("kubeloop-informer-bench");

    System.out.printf(
        "%d ConfigMaps, %d bytes of %s data each; %d cores, Java %s, max heap %d MiB%n",
        objects,
        bytes,
        data,
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf("load average at start: %.2f%n", load());

    try (KubeApiServer server =
            KubeApiServer.start(
                ApiServerConfig.defaults(dir).withStorage(ApiServerConfig.StorageKind.MEMORY));
        KubernetesClient client = client(server)) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
          .create();
      long t0 = System.nanoTime();
      ConfigMaps.create(client, NS, objects, bytes, data, 32);
      System.out.printf(
          "created in %.1f s; load average %.2f%n%n", (System.nanoTime() - t0) / 1e9, load());

      if (phases.contains("sync")) {
        syncTimes(client, objects, runs);
      }
      if (phases.contains("heap")) {
        heapAndLatency(client, objects, rate, seconds, phases.contains("latency"));
      }
      System.out.printf("%nload average at end: %.2f%n", load());
    }
  }

  // ---- 1. time to sync

  private static void syncTimes(KubernetesClient client, int objects, int runs) throws Exception {
    Map<String, List<Double>> times = new LinkedHashMap<>();
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    for (String peer :
        List.of(
            "kubeloop (pages of 500)",
            "kubeloop (pages of 5,000)",
            "kubeloop (one list)",
            "Fabric8")) {
      times.put(peer, new ArrayList<>());
      cpu.put(peer, new ArrayList<>());
    }
    for (int run = 0; run < runs; run++) {
      for (String peer : times.keySet()) {
        fullGc();
        long cpu0 = processCpuNanos();
        double s =
            switch (peer) {
              case "Fabric8" -> syncFabric8(client, objects);
              case "kubeloop (one list)" -> syncKubeloop(client, objects, 0);
              case "kubeloop (pages of 5,000)" -> syncKubeloop(client, objects, 5000);
              default -> syncKubeloop(client, objects, 500);
            };
        times.get(peer).add(s);
        cpu.get(peer).add((processCpuNanos() - cpu0) / 1e9);
      }
    }
    System.out.println(
        "Time from start to synced, " + runs + " runs each, informers taking turns:");
    System.out.println();
    System.out.println(
        "| informer | median s | min s | max s | median CPU s (whole process, server included) |");
    System.out.println("|---|---:|---:|---:|---:|");
    times.forEach(
        (peer, list) -> {
          double[] v = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
          double[] c = cpu.get(peer).stream().mapToDouble(Double::doubleValue).sorted().toArray();
          System.out.printf(
              "| %s | %.2f | %.2f | %.2f | %.2f |%n",
              peer, median(v), v[0], v[v.length - 1], median(c));
        });
    System.out.println();
  }

  private static double syncKubeloop(KubernetesClient client, int objects, int pageSize)
      throws Exception {
    try (InformerFactory factory = InformerFactory.create(client)) {
      SharedIndexInformer<ConfigMap> informer =
          factory.informer(
              ConfigMap.class,
              InformerOptions.defaults()
                  .withNamespaces(NS)
                  .withListMode(ListMode.PAGINATED)
                  .withPageSize(pageSize));
      informer.addEventHandler(
          new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap obj, boolean initial) {
              KEYS.add(obj.getMetadata().getName().length());
            }
          });
      long t0 = System.nanoTime();
      informer.start();
      if (!informer.waitForSync(Duration.ofMinutes(5))) {
        throw new IllegalStateException("kubeloop informer did not sync: " + informer.health());
      }
      double s = (System.nanoTime() - t0) / 1e9;
      check(informer.indexer().size(), objects);
      return s;
    }
  }

  private static double syncFabric8(KubernetesClient client, int objects) throws Exception {
    var informer = client.configMaps().inNamespace(NS).runnableInformer(0);
    informer.addEventHandler(
        new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
          @Override
          public void onAdd(ConfigMap obj) {
            KEYS.add(obj.getMetadata().getName().length());
          }

          @Override
          public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {}

          @Override
          public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {}
        });
    try {
      long t0 = System.nanoTime();
      informer.start().toCompletableFuture().get(5, TimeUnit.MINUTES);
      double s = (System.nanoTime() - t0) / 1e9;
      check(informer.getStore().list().size(), objects);
      return s;
    } finally {
      informer.close();
    }
  }

  // ---- 2. heap per object and 3. latency, with both informers alive

  /** Counts adds and records update latencies from the "ts" the writer puts in the data. */
  private static final class Probe {
    final AtomicInteger adds = new AtomicInteger();
    final long[] latencies = new long[1 << 22];
    final AtomicInteger count = new AtomicInteger();

    void update(ConfigMap oldObj, ConfigMap newObj) {
      String ts = newObj.getData() == null ? null : newObj.getData().get("ts");
      String before = oldObj.getData() == null ? null : oldObj.getData().get("ts");
      if (ts != null && !ts.equals(before)) {
        long latency = System.nanoTime() - Long.parseLong(ts);
        int i = count.getAndIncrement();
        if (i < latencies.length) {
          latencies[i] = latency;
        }
      }
    }
  }

  private static void heapAndLatency(
      KubernetesClient client, int objects, int rate, int seconds, boolean latency)
      throws Exception {
    Probe ours = new Probe();
    Probe theirs = new Probe();
    long base = usedAfterGc();

    InformerFactory factory = InformerFactory.create(client);
    SharedIndexInformer<ConfigMap> kubeloop =
        factory.informer(ConfigMap.class, InformerOptions.defaults().withNamespaces(NS));
    HandlerRegistration registration =
        kubeloop.addEventHandler(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(ConfigMap obj, boolean initial) {
                ours.adds.incrementAndGet();
              }

              @Override
              public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                ours.update(oldObj, newObj);
              }
            });
    kubeloop.start();
    kubeloop.waitForSync(Duration.ofMinutes(5));
    awaitCount(ours.adds, objects);
    while (registration.pending() > 0) {
      Thread.sleep(50);
    }
    long afterOurs = usedAfterGc();

    var fabric8 = client.configMaps().inNamespace(NS).runnableInformer(0);
    fabric8.addEventHandler(
        new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
          @Override
          public void onAdd(ConfigMap obj) {
            theirs.adds.incrementAndGet();
          }

          @Override
          public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
            theirs.update(oldObj, newObj);
          }

          @Override
          public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {}
        });
    fabric8.start().toCompletableFuture().get(5, TimeUnit.MINUTES);
    awaitCount(theirs.adds, objects);
    long afterFabric8 = usedAfterGc();

    // the same objects stored raw, for the trade-off table
    InformerFactory rawFactory = InformerFactory.create(client);
    SharedIndexInformer<ConfigMap> raw =
        rawFactory.informer(
            ConfigMap.class, InformerOptions.defaults().withNamespaces(NS).withCompact(false));
    raw.start();
    raw.waitForSync(Duration.ofMinutes(5));
    long afterRaw = usedAfterGc();

    double oursPer = (afterOurs - base) / (double) objects;
    double theirsPer = (afterFabric8 - afterOurs) / (double) objects;
    double rawPer = (afterRaw - afterFabric8) / (double) objects;
    System.out.println(
        "Heap retained per cached object (used heap after full GC, all informers alive):");
    System.out.println();
    System.out.println("| informer | bytes/object | vs Fabric8 |");
    System.out.println("|---|---:|---:|");
    System.out.printf(
        "| kubeloop (packed, default) | %.0f | %.0f%% |%n", oursPer, 100 * oursPer / theirsPer);
    System.out.printf(
        "| kubeloop (raw JSON bytes) | %.0f | %.0f%% |%n", rawPer, 100 * rawPer / theirsPer);
    System.out.printf("| Fabric8 | %.0f | 100%% |%n", theirsPer);
    System.out.println();
    raw.stop();
    rawFactory.close();

    // probe objects read through the lister: decode cost on a cold and warm cache
    long t0 = System.nanoTime();
    int listed = kubeloop.lister().namespace(NS).list().size();
    System.out.printf(
        "kubeloop lister: list() of %d objects (decoding each) took %.2f s%n%n",
        listed, (System.nanoTime() - t0) / 1e9);

    if (latency) {
      latency(client, objects, rate, seconds, ours, theirs);
    }
    fabric8.close();
    factory.close();
  }

  private static void latency(
      KubernetesClient client, int objects, int rate, int seconds, Probe ours, Probe theirs)
      throws Exception {
    int total = rate * seconds;
    AtomicLong late = new AtomicLong();
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    long period = TimeUnit.SECONDS.toNanos(1) / rate;
    AtomicInteger next = new AtomicInteger();
    double loadBefore = load();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < 64; w++) {
        pool.submit(
            () -> {
              int k;
              while ((k = next.getAndIncrement()) < total) {
                long due = start + k * period;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                  TimeUnit.NANOSECONDS.sleep(wait);
                } else if (wait < -TimeUnit.MILLISECONDS.toNanos(100)) {
                  late.incrementAndGet();
                }
                String name = String.format("bench-%06d", k % Math.min(objects, 5000));
                client
                    .configMaps()
                    .inNamespace(NS)
                    .withName(name)
                    .patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"data\":{\"ts\":\"" + System.nanoTime() + "\"}}");
              }
              return null;
            });
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while ((ours.count.get() < total || theirs.count.get() < total)
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    System.out.printf(
        "Delivery latency, write sent to handler called, %d updates at %d/s (%d writes started over 100 ms late; load average %.2f before, %.2f after):%n%n",
        total, rate, late.get(), loadBefore, load());
    System.out.println("| informer | events | p50 ms | p99 ms | p99.9 ms | max ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    row("kubeloop", ours);
    row("Fabric8", theirs);
  }

  private static void row(String name, Probe probe) {
    int n = Math.min(probe.count.get(), probe.latencies.length);
    long[] v = Arrays.copyOf(probe.latencies, n);
    Arrays.sort(v);
    if (n == 0) {
      System.out.printf("| %s | 0 | | | | |%n", name);
      return;
    }
    System.out.printf(
        "| %s | %d | %.1f | %.1f | %.1f | %.1f |%n",
        name,
        n,
        v[n / 2] / 1e6,
        v[Math.min(n - 1, (int) (n * 0.99))] / 1e6,
        v[Math.min(n - 1, (int) (n * 0.999))] / 1e6,
        v[n - 1] / 1e6);
  }

  // ---- helpers

  private static KubernetesClient client(KubeApiServer server) throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
    config.setRequestTimeout(120_000);
    config.setMaxConcurrentRequests(256);
    config.setMaxConcurrentRequestsPerHost(256);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static void awaitCount(AtomicInteger counter, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (counter.get() < expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  private static void check(int size, int expected) {
    if (size != expected) {
      throw new IllegalStateException("cache holds " + size + " objects, expected " + expected);
    }
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static long usedAfterGc() throws InterruptedException {
    fullGc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void fullGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
