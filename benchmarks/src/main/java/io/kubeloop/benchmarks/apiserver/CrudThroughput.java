package io.kubeloop.benchmarks.apiserver;

import io.fabric8.kubernetes.api.model.ConfigMap;
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
import java.util.function.Supplier;

/**
 * CRUD throughput: {@code --threads} client threads create {@code --objects} ConfigMaps (~1 KiB of
 * data), then GET each, update each (a conditional PUT), and delete each, phase after phase.
 * kubeloop on memory storage against Fabric8's CRUD mock server, one after the other in this JVM,
 * each after warm-up rounds of {@code --warmup} objects (in other namespaces) for {@code
 * --warmup-seconds}. CPU per request is this process's (client and server) over the phase.
 *
 * <p>Creates always run to the end so both servers hold the same number of objects; the later
 * phases stop after {@code --phase-seconds} if not done by then (the mock's cost per request grows
 * with the number of objects it holds), and the table says how many requests each phase made.
 *
 * <pre>
 * java -cp ... io.kubeloop.benchmarks.apiserver.CrudThroughput \
 *     [--threads 8] [--objects 10000] [--warmup 1000] [--warmup-seconds 40]
 *     [--phase-seconds 15] [--servers kubeloop,mock]
 *     [--servers external --kubeconfig path]   (a server in another JVM, e.g. ServerProcess)
 * </pre>
 */
public final class CrudThroughput {

  private static final String NAMESPACE = "bench";
  private static final List<String> PHASES = List.of("create", "get", "update", "delete");

  private CrudThroughput() {}

  public static void main(String[] argv) throws Exception {
    Options options = new Options(argv);
    int threads = options.integer("threads", 8);
    int objects = options.integer("objects", 10_000);
    int warmup = options.integer("warmup", 1_000);
    Duration warmupTime = Duration.ofSeconds(options.integer("warmup-seconds", 40));
    Duration phaseLimit = Duration.ofSeconds(options.integer("phase-seconds", 15));
    List<String> servers = options.list("servers", "kubeloop,mock");

    System.out.println("# CRUD throughput");
    System.out.println(Machine.describe());
    System.out.printf(
        "%d client threads, %d ConfigMaps of ~%d B data; warm-up rounds of %d objects for %d s;"
            + " phases after create stop after %d s%n%n",
        threads,
        objects,
        ConfigMaps.DATA_BYTES,
        warmup,
        warmupTime.toSeconds(),
        phaseLimit.toSeconds());

    Map<String, Map<String, Workers.Result>> results = new LinkedHashMap<>();
    Map<String, String> loads = new LinkedHashMap<>();
    for (String server : servers) {
      Supplier<Target> start =
          switch (server) {
            case "kubeloop" -> () -> OurServer.start(StorageKind.MEMORY);
            case "mock" -> CrudMock::start;
            case "external" -> () -> new External(Path.of(options.string("kubeconfig", "")));
            default -> throw new IllegalArgumentException("unknown server " + server);
          };
      try (Target target = start.get()) {
        String run = Long.toString(System.currentTimeMillis() % 100_000);
        // warm-up rounds until the time is up, each in a namespace of its own
        long warmupEnd = System.nanoTime() + warmupTime.toNanos();
        for (int k = 0; k == 0 || System.nanoTime() < warmupEnd; k++) {
          String namespace = "warmup-" + run + "-" + k;
          target.createNamespace(namespace);
          round(target.client(), namespace, threads, warmup, phaseLimit);
        }
        target.createNamespace(NAMESPACE + "-" + run);
        results.put(
            target.name(),
            round(target.client(), NAMESPACE + "-" + run, threads, objects, phaseLimit));
        loads.put(target.name(), Machine.loadAverage());
      }
    }

    System.out.println(
        "| server | phase | requests | requests/s | p50 ms | p99 ms | max ms | errors | CPU µs/request"
            + " |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    results.forEach(
        (name, phases) ->
            phases.forEach(
                (phase, r) ->
                    System.out.printf(
                        Locale.ROOT,
                        "| %s | %s | %d | %.0f | %s | %s | %s | %d | %.0f |%n",
                        name,
                        phase,
                        r.ops(),
                        r.perSecond(),
                        Samples.ms(r.latencies().quantile(0.5)),
                        Samples.ms(r.latencies().quantile(0.99)),
                        Samples.ms(r.latencies().max()),
                        r.errors(),
                        r.cpuMicrosPerOp())));
    if (results.size() == 2) {
      List<Map<String, Workers.Result>> two = new ArrayList<>(results.values());
      List<String> names = new ArrayList<>(results.keySet());
      System.out.println();
      System.out.printf(
          "| phase | requests/s, %s / %s | CPU per request, %s / %s |%n|---|---:|---:|%n",
          names.get(0), names.get(1), names.get(1), names.get(0));
      for (String phase : PHASES) {
        Workers.Result a = two.get(0).get(phase);
        Workers.Result b = two.get(1).get(phase);
        System.out.printf(
            Locale.ROOT,
            "| %s | %.1fx | %.1fx |%n",
            phase,
            a.perSecond() / b.perSecond(),
            b.cpuMicrosPerOp() / a.cpuMicrosPerOp());
      }
    }
    System.out.println();
    results.values().forEach(phases -> phases.forEach((phase, r) -> printError(phase, r)));
    System.out.println("load average after each server: " + loads);
  }

  private static void printError(String phase, Workers.Result r) {
    if (r.firstError() != null) {
      System.out.println("first error in " + phase + ": " + r.firstError());
    }
  }

  /** Create, get, update, delete {@code objects} ConfigMaps in {@code namespace}. */
  private static Map<String, Workers.Result> round(
      KubernetesClient client, String namespace, int threads, int objects, Duration limit)
      throws InterruptedException {
    ConfigMap[] current = new ConfigMap[objects];
    Map<String, Workers.Result> results = new LinkedHashMap<>();
    results.put(
        "create",
        Workers.count(
            threads,
            objects,
            Duration.ofDays(1),
            (t, i) ->
                current[i] =
                    client
                        .configMaps()
                        .inNamespace(namespace)
                        .resource(ConfigMaps.create(ConfigMaps.name(i), "0"))
                        .create()));
    results.put(
        "get",
        Workers.count(
            threads,
            objects,
            limit,
            (t, i) -> {
              if (client.configMaps().inNamespace(namespace).withName(ConfigMaps.name(i)).get()
                  == null) {
                throw new IllegalStateException(ConfigMaps.name(i) + " not found");
              }
            }));
    results.put(
        "update",
        Workers.count(
            threads,
            objects,
            limit,
            (t, i) ->
                current[i] =
                    client
                        .configMaps()
                        .inNamespace(namespace)
                        .resource(ConfigMaps.update(current[i], "1"))
                        .update()));
    results.put(
        "delete",
        Workers.count(
            threads,
            objects,
            limit,
            (t, i) -> {
              if (client
                  .configMaps()
                  .inNamespace(namespace)
                  .withName(ConfigMaps.name(i))
                  .delete()
                  .isEmpty()) {
                throw new IllegalStateException(ConfigMaps.name(i) + " was not deleted");
              }
            }));
    return results;
  }
}
