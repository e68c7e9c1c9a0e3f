package io.kubeloop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a separately started API server process with SIGKILL during a write storm, restarts it on
 * the same data: every acknowledged write is there, revisions keep increasing, and a watch from
 * before the crash resumes or is told its history is gone (410).
 */
class ApiServerCrashIT {

  @TempDir Path dataDir;

  @Test
  void acknowledgedWritesSurviveKillDashNine() throws Exception {
    int port = freePort();
    Process server = startServer(port);
    Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    String preCrashRevision;
    try (KubernetesClient client = awaitClient(port)) {
      preCrashRevision =
          client.configMaps().inNamespace("default").list().getMetadata().getResourceVersion();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger counter = new AtomicInteger();
      ExecutorService writers = Executors.newFixedThreadPool(8);
      for (int w = 0; w < 8; w++) {
        writers.execute(
            () -> {
              while (!stop.get()) {
                String name = "storm-" + counter.incrementAndGet();
                ConfigMap cm =
                    new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .addToData("v", name)
                        .build();
                try {
                  ConfigMap created =
                      client.configMaps().inNamespace("default").resource(cm).create();
                  acknowledged.put(
                      name, Long.parseLong(created.getMetadata().getResourceVersion()));
                } catch (RuntimeException e) {
                  return; // the server is gone
                }
              }
            });
      }
      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      while (acknowledged.size() < 500 && Instant.now().isBefore(deadline)) {
        Thread.sleep(5);
      }
      server.toHandle().destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no flush
      server.waitFor(30, TimeUnit.SECONDS);
      stop.set(true);
      writers.shutdown();
      writers.awaitTermination(30, TimeUnit.SECONDS);
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(500);
    long highest = acknowledged.values().stream().mapToLong(Long::longValue).max().orElseThrow();

    Process restarted = startServer(port);
    try (KubernetesClient client = awaitClient(port)) {
      Map<String, ConfigMap> stored = new ConcurrentHashMap<>();
      client
          .configMaps()
          .inNamespace("default")
          .list()
          .getItems()
          .forEach(c -> stored.put(c.getMetadata().getName(), c));
      for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
        ConfigMap cm = stored.get(ack.getKey());
        assertThat(cm).as("acknowledged write %s", ack.getKey()).isNotNull();
        assertThat(Long.parseLong(cm.getMetadata().getResourceVersion())).isEqualTo(ack.getValue());
      }
      ConfigMap after =
          client
              .configMaps()
              .inNamespace("default")
              .resource(
                  new ConfigMapBuilder()
                      .withNewMetadata()
                      .withName("after-crash")
                      .endMetadata()
                      .build())
              .create();
      assertThat(Long.parseLong(after.getMetadata().getResourceVersion())).isGreaterThan(highest);

      HttpResponse<byte[]> watch =
          client
              .getHttpClient()
              .sendAsync(
                  client
                      .getHttpClient()
                      .newHttpRequestBuilder()
                      .uri(
                          client.getMasterUrl()
                              + "api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1&resourceVersion="
                              + preCrashRevision)
                      .build(),
                  byte[].class)
              .get(30, TimeUnit.SECONDS);
      String events = new String(watch.body(), StandardCharsets.UTF_8);
      assertThat(watch.code()).isEqualTo(200);
      boolean resumed = events.startsWith("{\"type\":\"ADDED\"");
      boolean expired = events.startsWith("{\"type\":\"ERROR\"") && events.contains("\"code\":410");
      assertThat(resumed || expired)
          .as(events.substring(0, Math.min(300, events.length())))
          .isTrue();
    } finally {
      restarted.destroy();
      restarted.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private Process startServer(int port) throws IOException {
    Path log = dataDir.resolveSibling(dataDir.getFileName() + "-server.log");
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            Path.of("target", "kubeloop.jar").toAbsolutePath().toString(),
            "apiserver",
            "--data-dir",
            dataDir.toString(),
            "--port",
            Integer.toString(port))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private KubernetesClient awaitClient(int port) throws Exception {
    Path kubeconfig = dataDir.resolve("kubeconfig");
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(kubeconfig)) {
        String text = Files.readString(kubeconfig);
        if (text.contains(":" + port)) {
          Config config = Config.fromKubeconfig(text);
          KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
          try {
            client.namespaces().withName("default").get();
            return client;
          } catch (RuntimeException notYet) {
            client.close();
          }
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the API server did not come up on port " + port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
