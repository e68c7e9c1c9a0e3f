package io.kubeloop.benchmarks.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.KubeApiServer;
import io.kubeloop.apiserver.storage.etcd.EtcdStorage;
import io.kubeloop.apiserver.storage.etcd.LocalEtcdCluster;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Creates/s and GET/s through one and two kubeloop API servers on a 3-member etcd cluster, and in
 * the same run raw etcd throughput with the same value size and concurrency: plain puts (the
 * practical limit) and the guarded create transaction the API server sends. Everything runs on this
 * machine: the etcd members as child processes, the API servers and the clients in this JVM.
 *
 * <pre>
 * java -cp ... io.kubeloop.benchmarks.etcd.EtcdThroughput \
 *     [--threads 16] [--seconds 10] [--warmup 5] [--jit-warmup 30] [--etcd path/to/etcd] [--only "etcd put;API creates"]
 * </pre>
 */
public final class EtcdThroughput {

  private EtcdThroughput() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> options = parse(argv);
    int threads = Integer.parseInt(options.getOrDefault("threads", "16"));
    Duration measure = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "10")));
    Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "5")));
    Duration jitWarmup =
        Duration.ofSeconds(Long.parseLong(options.getOrDefault("jit-warmup", "30")));
    Path binary =
        options.containsKey("etcd")
            ? Path.of(options.get("etcd"))
            : LocalEtcdCluster.findBinary()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "etcd not found: run tools/install-etcd.sh or pass --etcd"));
    Path dir = Files.createTempDirectory("kubeloop-etcdbench-");
    org.slf4j.LoggerFactory.getILoggerFactory();
    System.out.println("# etcd storage throughput");
    System.out.printf(
        "%d cores, Java %s, load average %s; 3 etcd members (%s) as child processes;"
            + " %d client threads; %d s of creates and GETs to warm up the JIT, then per row %d s"
            + " warm-up and %d s measured%n%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        loadAverage(),
        binary,
        threads,
        jitWarmup.toSeconds(),
        warmup.toSeconds(),
        measure.toSeconds());

    Map<String, ClosedLoop.Result> rows = new LinkedHashMap<>();
    int[] created = new int[threads]; // ConfigMaps "one-<thread>-<i>" for i below created[thread]
    int valueBytes;
    try (LocalEtcdCluster etcd = LocalEtcdCluster.start(binary, 3, dir.resolve("etcd"));
        Client raw = Client.builder().endpoints(etcd.clientUrls().toArray(URI[]::new)).build()) {
      KubeApiServer a =
          KubeApiServer.start(ApiServerConfig.defaults(dir.resolve("a")).withEtcd(etcd.options()));
      KubeApiServer b = null;
      KubernetesClient clientB = null;
      try (KubernetesClient clientA = client(a)) {
        clientA
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build())
            .create();
        clientA.configMaps().resource(configMap("probe")).create();
        byte[] stored =
            raw.getKVClient()
                .get(bs("/registry/core/configmaps/bench/probe"))
                .get(10, TimeUnit.SECONDS)
                .getKvs()
                .get(0)
                .getValue()
                .getBytes();
        valueBytes = stored.length;
        // the JIT compiles the API server, client and jetcd paths before any row is measured: the
        // first row would otherwise pay for it (several times over on 2 cores)
        ClosedLoop.run(
            threads,
            jitWarmup,
            Duration.ZERO,
            (t, i) -> {
              String name = "jit-" + t + "-" + i;
              clientA.configMaps().resource(configMap(name)).create();
              clientA.configMaps().inNamespace("bench").withName(name).get();
              raw.getKVClient().put(bs("/bench-raw/jit/" + t + "/" + i), ByteSequence.from(stored));
            });
        ByteSequence value = ByteSequence.from(stored);

        measure(
            rows,
            options,
            "etcd put (jetcd, 3 endpoints)",
            () ->
                ClosedLoop.run(
                    threads,
                    warmup,
                    measure,
                    (t, i) ->
                        raw.getKVClient()
                            .put(bs("/bench-raw/put/" + t + "/" + i), value)
                            .get(10, TimeUnit.SECONDS)));
        measure(
            rows,
            options,
            "etcd create txn (jetcd)",
            () ->
                ClosedLoop.run(
                    threads,
                    warmup,
                    measure,
                    (t, i) -> {
                      ByteSequence key = bs("/bench-raw/txn/" + t + "/" + i);
                      raw.getKVClient()
                          .txn()
                          .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                          .Then(Op.put(key, value, PutOption.DEFAULT))
                          .commit()
                          .get(10, TimeUnit.SECONDS);
                    }));
        measure(
            rows,
            options,
            "EtcdStorage.create (the SPI alone)",
            () -> {
              try (EtcdStorage storage = EtcdStorage.open(etcd.options())) {
                return ClosedLoop.run(
                    threads,
                    warmup,
                    measure,
                    (t, i) -> storage.create("/bench-raw/spi/" + t + "/" + i, stored, 0));
              }
            });
        measure(
            rows,
            options,
            "API creates, 1 server",
            () ->
                ClosedLoop.run(
                    threads,
                    warmup,
                    measure,
                    (t, i) -> {
                      clientA.configMaps().resource(configMap("one-" + t + "-" + i)).create();
                      created[t] = i + 1; // each thread writes its own slot; read after the run
                    }));
        measure(
            rows,
            options,
            "API GETs, 1 server",
            () ->
                ClosedLoop.run(
                    threads,
                    warmup,
                    measure,
                    (t, i) ->
                        clientA
                            .configMaps()
                            .inNamespace("bench")
                            .withName("one-" + t + "-" + (i % Math.max(1, created[t])))
                            .get()));
        // the second server joins only now, so that the one-server rows pay for one watch cache
        copyPki(dir.resolve("a"), dir.resolve("b"));
        b =
            KubeApiServer.start(
                ApiServerConfig.defaults(dir.resolve("b")).withEtcd(etcd.options()));
        clientB = client(b);
        KubernetesClient second = clientB;
        measure(
            rows,
            options,
            "API creates, 2 servers",
            () ->
                ClosedLoop.run(
                    threads,
                    warmup,
                    measure,
                    (t, i) ->
                        (t % 2 == 0 ? clientA : second)
                            .configMaps()
                            .resource(configMap("two-" + t + "-" + i))
                            .create()));
        measure(
            rows,
            options,
            "API GETs, 2 servers",
            () ->
                ClosedLoop.run(
                    threads,
                    warmup,
                    measure,
                    (t, i) ->
                        (t % 2 == 0 ? clientA : second)
                            .configMaps()
                            .inNamespace("bench")
                            .withName("one-" + t + "-" + (i % Math.max(1, created[t])))
                            .get()));
      } finally {
        if (clientB != null) {
          clientB.close();
        }
        if (b != null) {
          b.close();
        }
        a.close();
      }
      // the same API server on memory storage: what the API server itself costs per create
      measure(
          rows,
          options,
          "API creates, 1 server, memory storage",
          () -> {
            try (KubeApiServer memory =
                    KubeApiServer.start(
                        ApiServerConfig.defaults(dir.resolve("memory"))
                            .withStorage(ApiServerConfig.StorageKind.MEMORY));
                KubernetesClient client = client(memory)) {
              client
                  .namespaces()
                  .resource(
                      new NamespaceBuilder()
                          .withNewMetadata()
                          .withName("bench")
                          .endMetadata()
                          .build())
                  .create();
              return ClosedLoop.run(
                  threads,
                  warmup,
                  measure,
                  (t, i) -> client.configMaps().resource(configMap("mem-" + t + "-" + i)).create());
            }
          });
    } finally {
      deleteTree(dir);
    }

    System.out.printf(
        "Values: %d B (a ConfigMap with ~1 KiB of data as the API server stores it).%n%n",
        valueBytes);
    System.out.println(
        "| what | ops/s | p50 ms | p99 ms | errors | JVM CPU µs/op | etcd CPU µs/op |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    rows.forEach(
        (name, r) ->
            System.out.printf(
                Locale.ROOT,
                "| %s | %.0f | %.2f | %.2f | %d | %.0f | %.0f |%n",
                name,
                r.perSecond(),
                r.millis(0.5),
                r.millis(0.99),
                r.errors(),
                r.jvmCpuMicrosPerOp(),
                r.childCpuMicrosPerOp()));
    ClosedLoop.Result put = rows.get("etcd put (jetcd, 3 endpoints)");
    if (put != null) {
      System.out.println();
      System.out.println("| API creates / raw etcd puts | ratio |");
      System.out.println("|---|---:|");
      for (String row :
          List.of(
              "API creates, 1 server",
              "API creates, 2 servers",
              "API creates, 1 server, memory storage")) {
        if (rows.containsKey(row)) {
          System.out.printf(
              Locale.ROOT,
              "| %s | %.0f%% |%n",
              row,
              100 * rows.get(row).perSecond() / put.perSecond());
        }
      }
    }
    ClosedLoop.Result memory = rows.get("API creates, 1 server, memory storage");
    ClosedLoop.Result onEtcd = rows.get("API creates, 1 server");
    if (memory != null && onEtcd != null) {
      System.out.printf(
          Locale.ROOT,
          "%nAPI creates on etcd / on memory storage (one server): %.0f%%%n",
          100 * onEtcd.perSecond() / memory.perSecond());
    }
    System.out.println();
    rows.forEach(
        (name, r) -> {
          if (r.firstError() != null) {
            System.out.println("first error in " + name + ": " + r.firstError());
          }
        });
    System.out.println("load average at the end: " + loadAverage());
  }

  /** A row-producing run. */
  @FunctionalInterface
  private interface Row {
    ClosedLoop.Result run() throws Exception;
  }

  /** Runs {@code row} unless {@code --only} leaves it out. */
  private static void measure(
      Map<String, ClosedLoop.Result> rows, Map<String, String> options, String name, Row row)
      throws Exception {
    if (wanted(options, name)) {
      rows.put(name, row.run());
    }
  }

  /** Whether {@code --only} (row-name prefixes separated by ';') asks for this row. */
  private static boolean wanted(Map<String, String> options, String row) {
    String only = options.get("only");
    if (only == null) {
      return true;
    }
    for (String prefix : only.split(";")) {
      if (row.startsWith(prefix.trim())) {
        return true;
      }
    }
    return false;
  }

  private static ConfigMap configMap(String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("bench")
        .endMetadata()
        .addToData("data", "x".repeat(1024))
        .build();
  }

  private static KubernetesClient client(KubeApiServer server) throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
    config.setRequestRetryBackoffLimit(0);
    config.setMaxConcurrentRequests(256);
    config.setMaxConcurrentRequestsPerHost(256);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static ByteSequence bs(String s) {
    return ByteSequence.from(s, UTF_8);
  }

  private static void copyPki(Path from, Path to) throws Exception {
    Path source = from.resolve("pki");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : files.toList()) {
        Path target = to.resolve("pki").resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals(".lock")) {
          Files.copy(p, target);
        }
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception e) {
      // a temporary directory left behind is harmless
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (Exception e) {
      return "?";
    }
  }

  private static Map<String, String> parse(String[] argv) {
    Map<String, String> options = new LinkedHashMap<>();
    List<String> args = new ArrayList<>(List.of(argv));
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || i + 1 >= args.size()) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args);
      }
      options.put(arg.substring(2), args.get(++i));
    }
    return options;
  }
}
