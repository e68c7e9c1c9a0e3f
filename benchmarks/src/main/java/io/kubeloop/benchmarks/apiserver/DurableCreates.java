package io.kubeloop.benchmarks.apiserver;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeloop.apiserver.ApiServerConfig.StorageKind;
import io.kubeloop.benchmarks.common.Machine;
import io.kubeloop.benchmarks.common.Options;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Durable creates through the API: ConfigMap creates per second with embedded (SQLite, fsynced with
 * group commit) storage, against memory storage in the same run, at each of {@code --threads}
 * client thread counts. Every measurement starts a fresh server; rounds alternate the storage
 * kinds, and the summary shows medians.
 *
 * <pre>
 * java -cp ... io.kubeloop.benchmarks.apiserver.DurableCreates \
 *     [--threads 16,64] [--rounds 2] [--initial-warmup-seconds 30] [--warmup-seconds 5]
 *     [--seconds 10]
 *     [--kubeconfig path]   (a server in another JVM, e.g. ServerProcess; then both storage rows
 *                           measure that one server)
 * </pre>
 */
public final class DurableCreates {

  private static final String NAMESPACE = "bench";

  private DurableCreates() {}

  public static void main(String[] argv) throws Exception {
    Options options = new Options(argv);
    List<Integer> threadCounts =
        options.list("threads", "16,64").stream().map(Integer::parseInt).toList();
    int rounds = options.integer("rounds", 2);
    Duration initialWarmup = Duration.ofSeconds(options.integer("initial-warmup-seconds", 30));
    Duration warmup = Duration.ofSeconds(options.integer("warmup-seconds", 5));
    Duration measure = Duration.ofSeconds(options.integer("seconds", 10));
    List<StorageKind> storages = List.of(StorageKind.EMBEDDED, StorageKind.MEMORY);

    System.out.println("# Durable creates through the API");
    System.out.println(Machine.describe());
    System.out.printf(
        "ConfigMaps of ~%d B data; %d s warm-up on a throw-away server, then a fresh server per"
            + " measurement, %d s warm-up + %d s measured; data directory under %s%n%n",
        ConfigMaps.DATA_BYTES,
        initialWarmup.toSeconds(),
        warmup.toSeconds(),
        measure.toSeconds(),
        System.getProperty("java.io.tmpdir"));
    System.out.println(
        "| round | storage | threads | creates/s | p50 ms | p99 ms | max ms | errors | CPU µs/create"
            + " | load average |");
    System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    // the JIT compiles the client and server paths first, on a server that is thrown away
    try (Target server = start(StorageKind.MEMORY, options.string("kubeconfig", ""))) {
      server.createNamespace("warmup");
      KubernetesClient client = server.client();
      Workers.timed(
          threads(threadCounts),
          initialWarmup,
          Duration.ofSeconds(1),
          (t, i) ->
              client
                  .configMaps()
                  .inNamespace("warmup")
                  .resource(ConfigMaps.create("warmup-" + ConfigMaps.name(i), "0"))
                  .create());
    }
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (int threads : threadCounts) {
        for (StorageKind storage : storages) {
          Workers.Result r;
          try (Target server = start(storage, options.string("kubeconfig", ""))) {
            server.createNamespace(NAMESPACE);
            KubernetesClient client = server.client();
            String prefix = "r" + round + "-t" + threads + "-" + label(storage) + "-";
            r =
                Workers.timed(
                    threads,
                    warmup,
                    measure,
                    (t, i) ->
                        client
                            .configMaps()
                            .inNamespace(NAMESPACE)
                            .resource(ConfigMaps.create(prefix + ConfigMaps.name(i), "0"))
                            .create());
          }
          String key = label(storage) + "|" + threads;
          rates.computeIfAbsent(key, k -> new ArrayList<>()).add(r.perSecond());
          System.out.printf(
              Locale.ROOT,
              "| %d | %s | %d | %.0f | %s | %s | %s | %d | %.0f | %s |%n",
              round,
              label(storage),
              threads,
              r.perSecond(),
              Samples.ms(r.latencies().quantile(0.5)),
              Samples.ms(r.latencies().quantile(0.99)),
              Samples.ms(r.latencies().max()),
              r.errors(),
              r.cpuMicrosPerOp(),
              Machine.loadAverage());
          if (r.firstError() != null) {
            System.out.println("first error: " + r.firstError());
          }
        }
      }
    }
    System.out.println();
    System.out.println("| threads | embedded creates/s | memory creates/s | embedded / memory |");
    System.out.println("|---:|---:|---:|---:|");
    for (int threads : threadCounts) {
      double embedded = median(rates.get(label(StorageKind.EMBEDDED) + "|" + threads));
      double memory = median(rates.get(label(StorageKind.MEMORY) + "|" + threads));
      System.out.printf(
          Locale.ROOT,
          "| %d | %.0f | %.0f | %.0f%% |%n",
          threads,
          embedded,
          memory,
          100 * embedded / memory);
    }
  }

  /** A fresh server, or the external one named by {@code kubeconfig} if not empty. */
  private static Target start(StorageKind storage, String kubeconfig) {
    return kubeconfig.isEmpty() ? OurServer.start(storage) : new External(Path.of(kubeconfig));
  }

  private static int threads(List<Integer> counts) {
    return counts.stream().mapToInt(Integer::intValue).max().orElse(16);
  }

  private static String label(StorageKind storage) {
    return storage.name().toLowerCase(Locale.ROOT);
  }

  private static double median(List<Double> values) {
    return Samples.median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
