package io.kubeloop.benchmarks.apiserver;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.kubeloop.apiserver.ApiServerConfig.StorageKind;
import io.kubeloop.benchmarks.common.Machine;
import io.kubeloop.benchmarks.common.Options;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * GET of one ConfigMap by name: {@code --threads} client threads in a closed loop against kubeloop
 * (memory storage) and against {@link BareVertx} serving the very bytes kubeloop returns for that
 * path, with the same TLS setup and the same client configuration. Rounds alternate between the
 * two; the table shows each round and the medians.
 *
 * <pre>
 * java -cp ... io.kubeloop.benchmarks.apiserver.GetThroughput \
 *     [--threads 8] [--rounds 3] [--initial-warmup-seconds 30] [--warmup-seconds 3] [--seconds 10]
 * </pre>
 */
public final class GetThroughput {

  private static final String NAMESPACE = "bench";
  private static final String NAME = ConfigMaps.name(0);

  private GetThroughput() {}

  public static void main(String[] argv) throws Exception {
    Options options = new Options(argv);
    int threads = options.integer("threads", 8);
    int rounds = options.integer("rounds", 3);
    Duration initialWarmup = Duration.ofSeconds(options.integer("initial-warmup-seconds", 30));
    Duration warmup = Duration.ofSeconds(options.integer("warmup-seconds", 3));
    Duration measure = Duration.ofSeconds(options.integer("seconds", 10));

    System.out.println("# GET throughput against bare Vert.x");
    System.out.println(Machine.describe());
    try (OurServer ours = OurServer.start(StorageKind.MEMORY)) {
      ours.createNamespace(NAMESPACE);
      ours.client()
          .configMaps()
          .inNamespace(NAMESPACE)
          .resource(ConfigMaps.create(NAME, "0"))
          .create();
      String path = "/api/v1/namespaces/" + NAMESPACE + "/configmaps/" + NAME;
      byte[] body = rawGet(ours.client(), ours.server().url() + path);
      System.out.printf(
          "%d client threads, GET %s (%d B response); %d s warm-up of each, then rounds of %d s"
              + " warm-up + %d s measured%n%n",
          threads,
          path,
          body.length,
          initialWarmup.toSeconds(),
          warmup.toSeconds(),
          measure.toSeconds());
      try (BareVertx bare =
          BareVertx.start(ours.dataDir(), ours.server().kubeconfig(), path, body)) {
        List<Target> targets = List.of(ours, bare);
        List<List<Workers.Result>> results = new ArrayList<>();
        targets.forEach(t -> results.add(new ArrayList<>()));
        // one long warm-up of each first: the JIT compiles client and server paths meanwhile
        for (Target target : targets) {
          Workers.timed(threads, initialWarmup, Duration.ofSeconds(1), get(target.client()));
        }
        System.out.println(
            "| round | server | GETs/s | p50 ms | p99 ms | max ms | errors | CPU µs/GET |"
                + " load average |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        for (int round = 1; round <= rounds; round++) {
          for (int i = 0; i < targets.size(); i++) {
            KubernetesClient client = targets.get(i).client();
            Workers.Result r =
                Workers.timed(
                    threads,
                    warmup,
                    measure,
                    (t, n) -> {
                      if (client.configMaps().inNamespace(NAMESPACE).withName(NAME).get() == null) {
                        throw new IllegalStateException(NAME + " not found");
                      }
                    });
            results.get(i).add(r);
            System.out.printf(
                Locale.ROOT,
                "| %d | %s | %.0f | %s | %s | %s | %d | %.0f | %s |%n",
                round,
                targets.get(i).name(),
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
        double ourRate = median(results.get(0));
        double bareRate = median(results.get(1));
        System.out.println();
        System.out.println("| server | median GETs/s |");
        System.out.println("|---|---:|");
        System.out.printf(Locale.ROOT, "| %s | %.0f |%n", ours.name(), ourRate);
        System.out.printf(Locale.ROOT, "| %s | %.0f |%n", bare.name(), bareRate);
        System.out.printf(
            Locale.ROOT,
            "| %s / %s | %.0f%% |%n",
            ours.name(),
            bare.name(),
            100 * ourRate / bareRate);
      }
    }
  }

  private static Workers.Op get(KubernetesClient client) {
    return (t, n) -> {
      if (client.configMaps().inNamespace(NAMESPACE).withName(NAME).get() == null) {
        throw new IllegalStateException(NAME + " not found");
      }
    };
  }

  private static double median(List<Workers.Result> results) {
    return Samples.median(results.stream().mapToDouble(Workers.Result::perSecond).toArray());
  }

  /** The response body exactly as the server sent it. */
  static byte[] rawGet(KubernetesClient client, String url) throws Exception {
    HttpClient http = client.getHttpClient();
    HttpResponse<byte[]> response =
        http.sendAsync(http.newHttpRequestBuilder().uri(url).build(), byte[].class)
            .get(30, TimeUnit.SECONDS);
    if (response.code() != 200) {
      throw new IllegalStateException("GET " + url + " answered " + response.code());
    }
    return response.body();
  }
}
