package io.kubeloop.benchmarks.apiserver;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.ApiServerConfig.StorageKind;
import io.kubeloop.apiserver.KubeApiServer;
import io.kubeloop.benchmarks.common.Machine;
import io.kubeloop.benchmarks.common.Options;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Start to ready: from starting a server until a Fabric8 client's first authenticated GET (a list
 * of ConfigMaps in {@code default}) is answered, client construction included. kubeloop's
 * in-process {@code KubeApiServer.start} on memory storage against Fabric8's CRUD mock server.
 *
 * <p>Warm: the median of {@code --starts} starts in this JVM after one warm-up start of each,
 * alternating between the two. Cold: {@code --cold} fresh JVMs per server, each timed by this
 * process from launching {@code java} until the child reports its answered GET (JVM boot and class
 * loading included), and by the child from its {@code main}.
 *
 * <pre>
 * java -cp ... io.kubeloop.benchmarks.apiserver.StartToReady [--starts 10] [--cold 3]
 * </pre>
 */
public final class StartToReady {

  private static final String READY = "READY";

  private StartToReady() {}

  /** One start: the server's start call, then client + first GET, in nanoseconds. */
  record Timing(long startNanos, long readyNanos) {}

  private enum Server {
    KUBELOOP_FRESH("kubeloop (memory), new data dir"),
    KUBELOOP_REUSED("kubeloop (memory), existing data dir"),
    MOCK("Fabric8 CRUD mock");

    final String label;

    Server(String label) {
      this.label = label;
    }
  }

  public static void main(String[] argv) throws Exception {
    Options options = new Options(argv);
    String child = options.string("child", "");
    if (!child.isEmpty()) {
      runChild(Server.valueOf(child));
      return;
    }
    int starts = options.integer("starts", 10);
    int cold = options.integer("cold", 3);
    System.out.println("# Start to ready");
    System.out.println(Machine.describe());
    System.out.println();

    // cold first: fresh JVMs, before this one has loaded anything that could warm the page cache
    // differently for one server than for the other
    List<Server> coldOrder = List.of(Server.KUBELOOP_FRESH, Server.MOCK);
    List<List<long[]>> coldTimes = new ArrayList<>();
    for (int i = 0; i < coldOrder.size(); i++) {
      coldTimes.add(new ArrayList<>());
    }
    for (int round = 0; round < cold; round++) {
      for (int i = 0; i < coldOrder.size(); i++) {
        coldTimes.get(i).add(launchChild(coldOrder.get(i)));
      }
    }

    Path reused = OurServer.tempDir();
    try {
      // warm-up: one start of each
      for (Server server : Server.values()) {
        measure(server, reused);
      }
      List<List<Timing>> warm = new ArrayList<>();
      for (int i = 0; i < Server.values().length; i++) {
        warm.add(new ArrayList<>());
      }
      for (int round = 0; round < starts; round++) {
        for (Server server : Server.values()) {
          warm.get(server.ordinal()).add(measure(server, reused));
        }
      }

      System.out.printf(
          "Warm: median (min-max) of %d starts in one JVM after a warm-up start of each%n%n",
          starts);
      System.out.println("| server | start() returned, ms | first GET answered, ms | max, ms |");
      System.out.println("|---|---:|---:|---:|");
      for (Server server : Server.values()) {
        List<Timing> times = warm.get(server.ordinal());
        double[] started = times.stream().mapToDouble(t -> t.startNanos() / 1e6).toArray();
        double[] ready = times.stream().mapToDouble(t -> t.readyNanos() / 1e6).toArray();
        System.out.printf(
            Locale.ROOT,
            "| %s | %.1f | %.1f | %.1f |%n",
            server.label,
            Samples.median(started),
            Samples.median(ready),
            Arrays.stream(ready).max().orElse(0));
      }
      System.out.println();
      System.out.printf(
          "Cold: median of %d fresh JVMs each (same java and flags as this one)%n%n", cold);
      System.out.println(
          "| server | launch to first GET answered, ms | main() to first GET answered, ms |"
              + " main() to start() returned, ms |");
      System.out.println("|---|---:|---:|---:|");
      for (int i = 0; i < coldOrder.size(); i++) {
        List<long[]> times = coldTimes.get(i);
        System.out.printf(
            Locale.ROOT,
            "| %s | %.0f | %.0f | %.0f |%n",
            coldOrder.get(i).label,
            Samples.median(times.stream().mapToDouble(t -> t[0] / 1e6).toArray()),
            Samples.median(times.stream().mapToDouble(t -> t[2] / 1e6).toArray()),
            Samples.median(times.stream().mapToDouble(t -> t[1] / 1e6).toArray()));
      }
      System.out.println();
      System.out.println("load average at the end: " + Machine.loadAverage());
    } finally {
      OurServer.deleteTree(reused);
    }
  }

  /** One start of {@code server}; {@code reused} is the data directory kept between starts. */
  private static Timing measure(Server server, Path reused) {
    Path dir = server == Server.KUBELOOP_REUSED ? reused : OurServer.tempDir();
    try {
      return switch (server) {
        case KUBELOOP_FRESH, KUBELOOP_REUSED -> startKubeloop(dir, System.nanoTime());
        case MOCK -> startMock(System.nanoTime());
      };
    } finally {
      if (server == Server.KUBELOOP_FRESH) {
        OurServer.deleteTree(dir);
      }
    }
  }

  private static Timing startKubeloop(Path dir, long t0) {
    KubeApiServer server =
        KubeApiServer.start(ApiServerConfig.defaults(dir).withStorage(StorageKind.MEMORY));
    long started = System.nanoTime();
    try (KubernetesClient client = Clients.fromKubeconfig(server.kubeconfig())) {
      firstGet(client);
      long ready = System.nanoTime();
      return new Timing(started - t0, ready - t0);
    } finally {
      server.close();
    }
  }

  private static Timing startMock(long t0) {
    KubernetesMockServer mock = CrudMock.startServer();
    long started = System.nanoTime();
    try (KubernetesClient client = Clients.build(CrudMock.config(mock))) {
      firstGet(client);
      long ready = System.nanoTime();
      return new Timing(started - t0, ready - t0);
    } finally {
      mock.destroy();
    }
  }

  private static void firstGet(KubernetesClient client) {
    client.configMaps().inNamespace("default").list();
  }

  /**
   * Runs one start in a fresh JVM.
   *
   * @return launch to ready, main to start() returned, main to ready; all in nanoseconds
   */
  private static long[] launchChild(Server server) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StartToReady.class.getName());
    command.add("--child");
    command.add(server.name());
    long launched = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    long readyAt = -1;
    String report = null;
    StringBuilder output = new StringBuilder();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(READY) && readyAt < 0) {
          readyAt = System.nanoTime();
          report = line;
        } else {
          output.append(line).append('\n');
        }
      }
    }
    if (process.waitFor() != 0 || report == null) {
      throw new IllegalStateException("cold start of " + server + " failed:\n" + output);
    }
    String[] parts = report.split(" ");
    return new long[] {readyAt - launched, Long.parseLong(parts[1]), Long.parseLong(parts[2])};
  }

  /** In the child JVM: one start, reported on stdout as "READY startNanos readyNanos". */
  private static void runChild(Server server) {
    long t0 = System.nanoTime();
    Timing timing;
    if (server == Server.MOCK) {
      timing = startMock(t0);
    } else {
      Path dir = OurServer.tempDir();
      try {
        timing = startKubeloop(dir, t0);
      } finally {
        OurServer.deleteTree(dir);
      }
    }
    System.out.println(READY + " " + timing.startNanos() + " " + timing.readyNanos());
    System.out.flush();
    System.exit(0);
  }
}
