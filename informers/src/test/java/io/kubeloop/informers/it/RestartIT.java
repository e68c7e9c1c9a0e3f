package io.kubeloop.informers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.kubeloop.informers.InformerFactory;
import io.kubeloop.informers.InformerHealth;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.informers.SharedIndexInformer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The API server stops and a new one starts on the same data and port; the informer recovers. */
class RestartIT {

  @Test
  void recoversAfterTheServerRestarts() throws Exception {
    try (Cluster cluster = Cluster.startDurable(c -> c)) {
      cluster.namespace("restart");
      for (int i = 0; i < 20; i++) {
        cluster.create("restart", "cm-" + i, "0");
      }
      try (InformerFactory factory = InformerFactory.create(cluster.client)) {
        SharedIndexInformer<ConfigMap> informer =
            factory.informer(
                ConfigMap.class,
                InformerOptions.defaults()
                    .withNamespaces("restart")
                    .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)));
        Recorder<ConfigMap> recorder = new Recorder<>();
        informer.addEventHandler(recorder);
        informer.start();
        assertThat(informer.waitForSync(Duration.ofSeconds(20))).isTrue();

        int port = cluster.server.port();
        cluster.stopServer();
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> informer.health().state() == InformerHealth.State.BACKING_OFF);
        assertThat(informer.health().lastError()).isPresent();
        // the cache stays readable while the server is away
        assertThat(informer.lister().namespace("restart").list()).hasSize(20);

        cluster.startServer(port);
        cluster.create("restart", "after", "1");
        cluster.update("restart", "cm-1", "1");
        cluster.delete("restart", "cm-2");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    Convergence.cache(informer, "restart")
                        .equals(Convergence.server(cluster.client, "restart")));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> informer.health().state() == InformerHealth.State.WATCHING);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    recorder.summary().contains("add restart/after")
                        && recorder.summary().stream()
                            .anyMatch(s -> s.startsWith("delete restart/cm-2")));
      }
    }
  }
}
