package io.kubeloop.benchmarks.runtime;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.KubeApiServer;
import io.kubeloop.benchmarks.common.Machine;
import io.kubeloop.benchmarks.common.Options;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reconcile throughput of a no-op controller, kubeloop's runtime beside the Java Operator SDK
 * 5.2.3, on one in-process kubeloop API server (memory storage) in one run.
 *
 * <p>kubeloop runs twice per concurrency: with a no-op reconciler, and with one that reads its
 * object from the informer cache first (JOSDK always hands its reconciler the object).
 *
 * <p>The server holds {@code --objects} ConfigMaps in one namespace. A round of a contender starts
 * a fresh operator (a new Fabric8 client, manager or {@code Operator}, controller) and times from
 * the start call until every ConfigMap was reconciled once (distinct keys): the informer's list,
 * the handoff to the queue or executor, and the reconciles. It also takes the process's CPU time
 * over that span (server included). Contenders take turns, the order reversed every other round;
 * {@code --warmup} rounds of each are run first and discarded. The table shows medians.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.kubeloop.benchmarks.runtime.ReconcileThroughput \
 *     [--objects 10000] [--rounds 3] [--warmup 1] [--workers 1,50] [--bytes 256] [--only kubeloop]
 * </pre>
 *
 * {@code --workers} lists the concurrencies: kubeloop runs with each as its worker count, JOSDK
 * with each as its reconciliation thread count, and JOSDK also with its default pool. A last row,
 * the floor, is one plain list of the same objects through the Fabric8 client. {@code --only} runs
 * one runtime's contenders ({@code kubeloop}, {@code JOSDK} or {@code floor}; for profiling).
 */
public final class ReconcileThroughput {

  private static final String NS = "reconcile-bench";

  private ReconcileThroughput() {}

  public static void main(String[] argv) throws Exception {
    Options opts = new Options(argv);
    int objects = opts.integer("objects", 10_000);
    int rounds = opts.integer("rounds", 3);
    int warmup = opts.integer("warmup", 1);
    int bytes = opts.integer("bytes", 256);
    List<Integer> workers =
        opts.list("workers", "1,50").stream().map(String::trim).map(Integer::parseInt).toList();
    // Fabric8's and Vert.x's java.util.logging output would interleave with the table
    java.util.logging.Logger.getLogger("io.vertx").setLevel(java.util.logging.Level.OFF);

    String only = opts.string("only", "");
    List<Contender> contenders =
        contenders(workers).stream()
            .filter(c -> only.isEmpty() || c.runtime().equalsIgnoreCase(only))
            .toList();
    System.out.printf(
        "%d ConfigMaps of %d bytes; %d warm-up and %d measured rounds per contender; %s%n",
        objects, bytes, warmup, rounds, Machine.describe());

    Path dir = Files.createTempDirectory("kubeloop-reconcile-bench");
    try (KubeApiServer server =
            KubeApiServer.start(
                ApiServerConfig.defaults(dir).withStorage(ApiServerConfig.StorageKind.MEMORY));
        KubernetesClient admin = client(server)) {
      long t0 = System.nanoTime();
      createObjects(admin, objects, bytes);
      System.out.printf(
          "created in %.1f s; load average %s%n%n",
          (System.nanoTime() - t0) / 1e9, Machine.loadAverage());

      Map<Contender, List<Round>> results = new LinkedHashMap<>();
      contenders.forEach(c -> results.put(c, new ArrayList<>()));
      for (int r = 0; r < warmup + rounds; r++) {
        List<Contender> order = new ArrayList<>(contenders);
        if (r % 2 == 1) {
          java.util.Collections.reverse(order);
        }
        for (Contender c : order) {
          Round round = round(server, c, objects);
          String tag = r < warmup ? "warm-up" : "round " + (r - warmup + 1);
          System.out.printf(
              "%-8s %-38s %6.2f s (start() returned after %5.2f s)  %6.2f CPU s  %d reconciles"
                  + "  load %s%n",
              tag,
              c.name(),
              round.seconds(),
              round.startSeconds(),
              round.cpuSeconds(),
              round.calls(),
              round.load());
          if (r >= warmup) {
            results.get(c).add(round);
          }
        }
      }
      System.out.println();
      printTable(results, objects);
      System.out.printf("%nload average at end: %s%n", Machine.loadAverage());
    } finally {
      deleteTree(dir);
    }
  }

  private static List<Contender> contenders(List<Integer> workers) {
    List<Contender> out = new ArrayList<>();
    int josdkDefault = new JosdkContender(0).concurrency();
    for (int w : workers) {
      out.add(new KubeloopContender(w, false));
      out.add(new KubeloopContender(w, true));
      out.add(w == josdkDefault ? new JosdkContender(0) : new JosdkContender(w));
    }
    if (!workers.contains(josdkDefault)) {
      out.add(new JosdkContender(0));
    }
    out.add(new ListFloor());
    return out;
  }

  /** One measured start-to-all-reconciled span. */
  record Round(double seconds, double startSeconds, double cpuSeconds, int calls, String load) {}

  private static Round round(KubeApiServer server, Contender contender, int objects)
      throws Exception {
    gc();
    Reconciled reconciled = new Reconciled(objects);
    try (KubernetesClient client = client(server)) {
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      AutoCloseable operator = contender.start(client, NS, reconciled);
      long started = System.nanoTime();
      try {
        long done = reconciled.await(10, TimeUnit.MINUTES);
        long cpu = processCpuNanos() - cpu0;
        return new Round(
            (done - t0) / 1e9,
            (started - t0) / 1e9,
            cpu / 1e9,
            reconciled.calls(),
            Machine.loadAverage());
      } finally {
        operator.close();
      }
    }
  }

  private static void printTable(Map<Contender, List<Round>> results, int objects) {
    Map<Integer, List<Round>> josdk = new LinkedHashMap<>();
    List<Round> josdkDefault = List.of();
    for (var e : results.entrySet()) {
      if (e.getKey() instanceof JosdkContender j) {
        josdk.put(j.concurrency(), e.getValue());
        if (j.threads() == 0) {
          josdkDefault = e.getValue();
        }
      }
    }
    System.out.printf(
        "Start to all %,d ConfigMaps reconciled once, median of %d rounds (min–max):%n%n",
        objects, results.values().iterator().next().size());
    System.out.println(
        "| contender | time s | objects/s | CPU s (process) | throughput × JOSDK, same"
            + " concurrency | × JOSDK, default pool | CPU: JOSDK ÷ this, same concurrency |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (var e : results.entrySet()) {
      Contender c = e.getKey();
      List<Round> rs = e.getValue();
      double s = median(rs, Round::seconds);
      double cpu = median(rs, Round::cpuSeconds);
      double min = rs.stream().mapToDouble(Round::seconds).min().orElse(Double.NaN);
      double max = rs.stream().mapToDouble(Round::seconds).max().orElse(Double.NaN);
      String same = "";
      String dflt = "";
      String cpuRatio = "";
      if (c instanceof KubeloopContender) {
        List<Round> peer = josdk.get(c.concurrency());
        if (peer != null) {
          same = String.format("%.2f", median(peer, Round::seconds) / s);
          cpuRatio = String.format("%.2f", median(peer, Round::cpuSeconds) / cpu);
        }
        if (!josdkDefault.isEmpty()) {
          dflt = String.format("%.2f", median(josdkDefault, Round::seconds) / s);
        }
      }
      System.out.printf(
          "| %s | %.2f (%.2f–%.2f) | %,.0f | %.2f | %s | %s | %s |%n",
          c.name(), s, min, max, objects / s, cpu, same, dflt, cpuRatio);
    }
  }

  private static double median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> f) {
    double[] v = rounds.stream().mapToDouble(f).sorted().toArray();
    int n = v.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static void createObjects(KubernetesClient client, int count, int bytes)
      throws Exception {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    char[] filler = new char[bytes];
    Arrays.fill(filler, 'x');
    String data = new String(filler);
    AtomicInteger next = new AtomicInteger();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 32; w++) {
        writers.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    client
                        .configMaps()
                        .resource(
                            new ConfigMapBuilder()
                                .withNewMetadata()
                                .withNamespace(NS)
                                .withName(String.format("cm-%05d", i))
                                .addToLabels("app", "reconcile-bench")
                                .endMetadata()
                                .addToData("config", data)
                                .build())
                        .create();
                  }
                  return null;
                }));
      }
      for (Future<?> f : writers) {
        f.get();
      }
    }
  }

  /** A client of its own per round, on the Vert.x HTTP client for both contenders. */
  private static KubernetesClient client(KubeApiServer server) throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
    config.setRequestTimeout(120_000);
    return new KubernetesClientBuilder()
        .withHttpClientFactory(new VertxHttpClientFactory())
        .withConfig(config)
        .build();
  }

  private static void gc() throws InterruptedException {
    for (int i = 0; i < 2; i++) {
      System.gc();
      Thread.sleep(100);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
