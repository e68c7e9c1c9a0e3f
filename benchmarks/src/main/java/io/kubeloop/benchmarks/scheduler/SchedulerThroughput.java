package io.kubeloop.benchmarks.scheduler;

import com.sun.management.OperatingSystemMXBean;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeloop.operators.scheduler.Scheduler;
import io.kubeloop.operators.scheduler.SchedulerSimulator;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Pods per second scheduled, for each node count ({@code --nodes}, default 100 and 1,000 Node
 * objects of 32 cpu / 256 GiB / 110 pods):
 *
 * <ul>
 *   <li>{@code scheduler}: kubeloop's scheduler end to end through the in-process API server
 *       (memory storage): {@code --creators} threads create {@code --pods} pods (10m cpu, 16 MiB)
 *       as fast as they can; the rate is pods divided by the time from the first create to the last
 *       pod seen bound by a watch. The scheduler also patches nothing here (every pod fits) but
 *       writes one {@code Scheduled} event per pod.
 *   <li>{@code round-robin}: the peer, through the same server and transport: binds each new pod to
 *       the next node with no algorithm and no events (the API server path's limit).
 *   <li>{@code scheduler-backlog}, {@code round-robin-backlog}: the same, but the pods are all
 *       created first while nothing schedules; the rate is pods divided by the time from starting a
 *       new scheduler (or binder), its initial list included, to the last pod bound. This is the
 *       scheduling path's own rate, without the creates competing for the server.
 *   <li>{@code algorithm}: {@link SchedulerSimulator#place} alone on the same nodes in memory.
 * </ul>
 *
 * <p>Each end-to-end run gets a fresh server; {@code --warmup} pods go through first (in another
 * namespace) and stay bound. The whole list runs {@code --rounds} times (default 2) in this JVM and
 * only the last round is printed, so the JIT has compiled everyone's code. Everything runs in this
 * JVM, so CPU per pod is the whole process's: API server, scheduler, informers and clients.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.kubeloop.benchmarks.scheduler.SchedulerThroughput \
 *     [--nodes 100,1000] [--pods 5000] [--warmup 1000] [--creators 8] [--rounds 2]
 *     [--pipelines scheduler,round-robin,scheduler-backlog,round-robin-backlog,algorithm]
 * </pre>
 */
public final class SchedulerThroughput {

  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private record Row(
      int nodes,
      String pipeline,
      int pods,
      double createdPerSecond,
      double boundPerSecond,
      double p50,
      double p99,
      double max,
      double cpuMillisPerPod,
      String load) {}

  private SchedulerThroughput() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> options = options(argv);
    List<Integer> nodeCounts =
        Arrays.stream(options.getOrDefault("nodes", "100,1000").split(","))
            .map(Integer::parseInt)
            .toList();
    int pods = Integer.parseInt(options.getOrDefault("pods", "5000"));
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "1000"));
    int creators = Integer.parseInt(options.getOrDefault("creators", "8"));
    int rounds = Integer.parseInt(options.getOrDefault("rounds", "2"));
    List<String> pipelines =
        List.of(
            options
                .getOrDefault(
                    "pipelines",
                    "scheduler,round-robin,scheduler-backlog,round-robin-backlog,algorithm")
                .split(","));

    org.slf4j.LoggerFactory.getILoggerFactory();
    System.out.println("# Scheduler throughput");
    System.out.printf(
        "%d cores, Java %s, max heap %d MiB, load average at start %s%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        Runtime.getRuntime().maxMemory() >> 20,
        loadAverage());
    System.out.printf(
        "%d pods per run after %d warm-up pods; %d creator threads; the last of %d rounds%n%n",
        pods, warmup, creators, rounds);

    // the first rounds warm the JVM (the API server's code above all): the rates of a cold
    // process were half those of the same run repeated
    List<Row> rows = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      rows.clear();
      for (int n : nodeCounts) {
        List<Node> nodes = BenchCluster.nodes(n);
        for (String pipeline : pipelines) {
          Row row =
              pipeline.equals("algorithm")
                  ? algorithm(nodes, pods, warmup)
                  : endToEnd(nodes, pipeline, pods, warmup, creators);
          rows.add(row);
          System.err.println("round " + round + " done: " + row);
        }
      }
    }

    System.out.println(
        "| nodes | pipeline | pods | created/s | bound/s | p50 ms | p99 ms | max ms | CPU ms/pod |"
            + " load avg |");
    System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          "| %d | %s | %d | %s | %.0f | %s | %s | %s | %.2f | %s |%n",
          r.nodes(),
          r.pipeline(),
          r.pods(),
          Double.isNaN(r.createdPerSecond())
              ? "–"
              : String.format(Locale.ROOT, "%.0f", r.createdPerSecond()),
          r.boundPerSecond(),
          ms(r.p50()),
          ms(r.p99()),
          ms(r.max()),
          r.cpuMillisPerPod(),
          r.load());
    }
    System.out.println();
    System.out.println("load average at the end: " + loadAverage());
  }

  private static Row endToEnd(List<Node> nodes, String pipeline, int pods, int warmup, int creators)
      throws Exception {
    boolean backlog = pipeline.endsWith("-backlog");
    String kind =
        backlog ? pipeline.substring(0, pipeline.length() - "-backlog".length()) : pipeline;
    try (BenchCluster cluster = BenchCluster.start()) {
      KubernetesClient admin = cluster.newClient();
      BenchCluster.createNodes(admin, nodes);
      BenchCluster.namespace(admin, "warmup");
      BenchCluster.namespace(admin, "bench");
      try (BindWatcher warm = new BindWatcher(cluster.newClient(), "warmup");
          BindWatcher watch = new BindWatcher(cluster.newClient(), "bench")) {
        KubernetesClient creator = cluster.newClient();
        AutoCloseable running = start(kind, cluster, nodes);
        try {
          create(creator, "warmup", warmup, creators, warm);
          warm.awaitBound(warmup, TIMEOUT);
          OperatingSystemMXBean os =
              (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
          if (!backlog) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long createdEnd = create(creator, "bench", pods, creators, watch);
            long last = watch.awaitBound(pods, TIMEOUT);
            long cpu1 = os.getProcessCpuTime();
            double[] latencies = watch.latenciesMillis();
            return new Row(
                nodes.size(),
                pipeline,
                pods,
                pods / ((createdEnd - t0) / 1e9),
                pods / ((last - t0) / 1e9),
                BindWatcher.quantile(latencies, 0.5),
                BindWatcher.quantile(latencies, 0.99),
                BindWatcher.max(latencies),
                (cpu1 - cpu0) / 1e6 / pods,
                loadAverage());
          }
          // backlog: the pods wait, created while nothing schedules; then a new instance starts
          running.close();
          long c0 = System.nanoTime();
          long createdEnd = create(creator, "bench", pods, creators, watch);
          long cpu0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          running = start(kind, cluster, nodes);
          long last = watch.awaitBound(pods, TIMEOUT);
          long cpu1 = os.getProcessCpuTime();
          return new Row(
              nodes.size(),
              pipeline,
              pods,
              pods / ((createdEnd - c0) / 1e9),
              pods / ((last - t0) / 1e9),
              Double.NaN,
              Double.NaN,
              Double.NaN,
              (cpu1 - cpu0) / 1e6 / pods,
              loadAverage());
        } finally {
          running.close();
        }
      }
    }
  }

  /** Starts a pipeline and returns once it has synced. */
  private static AutoCloseable start(String kind, BenchCluster cluster, List<Node> nodes)
      throws InterruptedException {
    if (kind.equals("scheduler")) {
      Scheduler scheduler =
          Scheduler.builder(cluster.newClient()).random(new SplittableRandom(1)).build().start();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!scheduler.isSynced()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("scheduler did not sync");
        }
        Thread.sleep(1);
      }
      return scheduler;
    }
    if (kind.equals("round-robin")) {
      return new RoundRobinBinder(cluster.newClient(), nodes);
    }
    throw new IllegalArgumentException("unknown pipeline " + kind);
  }

  /** Creates {@code count} pods with {@code threads} threads; returns when the last returned. */
  private static long create(
      KubernetesClient client, String namespace, int count, int threads, BindWatcher watch)
      throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = first; i < count; i += threads) {
                    String name = String.format("pod-%05d", i);
                    Pod pod = BenchCluster.pod(namespace, name);
                    watch.created(name, System.nanoTime());
                    client.pods().inNamespace(namespace).resource(pod).create();
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    return System.nanoTime();
  }

  /** The scheduling algorithm alone: {@link SchedulerSimulator#place} for every pod. */
  private static Row algorithm(List<Node> nodes, int pods, int warmup) {
    List<Pod> warm = new ArrayList<>();
    for (int i = 0; i < warmup; i++) {
      warm.add(withUid(BenchCluster.pod("warmup", String.format("pod-%05d", i)), i));
    }
    List<Pod> bench = new ArrayList<>();
    for (int i = 0; i < pods; i++) {
      bench.add(withUid(BenchCluster.pod("bench", String.format("pod-%05d", i)), i));
    }
    // a throwaway round for the JIT, then the measured one on a fresh simulator
    for (int round = 0; round < 2; round++) {
      SchedulerSimulator sim = SchedulerSimulator.create(nodes, List.of(), new SplittableRandom(1));
      for (Pod p : warm) {
        sim.place(p);
      }
      OperatingSystemMXBean os =
          (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      double[] latencies = new double[pods];
      int placed = 0;
      for (int i = 0; i < pods; i++) {
        long s = System.nanoTime();
        if (sim.place(bench.get(i)).scheduled()) {
          placed++;
        }
        latencies[i] = (System.nanoTime() - s) / 1e6;
      }
      long t1 = System.nanoTime();
      long cpu1 = os.getProcessCpuTime();
      if (placed != pods) {
        throw new IllegalStateException("only " + placed + " of " + pods + " pods placed");
      }
      if (round == 1) {
        Arrays.sort(latencies);
        return new Row(
            nodes.size(),
            "algorithm",
            pods,
            Double.NaN,
            pods / ((t1 - t0) / 1e9),
            BindWatcher.quantile(latencies, 0.5),
            BindWatcher.quantile(latencies, 0.99),
            latencies[latencies.length - 1],
            (cpu1 - cpu0) / 1e6 / pods,
            loadAverage());
      }
    }
    throw new AssertionError("unreachable");
  }

  private static Pod withUid(Pod pod, int i) {
    pod.getMetadata().setUid("uid-" + pod.getMetadata().getNamespace() + "-" + i);
    return pod;
  }

  private static String ms(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    return v < 10 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.0f", v);
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 == args.length) {
        throw new IllegalArgumentException(
            "expected --name value pairs, got " + Arrays.toString(args));
      }
      values.put(args[i].substring(2), args[++i]);
    }
    return values;
  }
}
