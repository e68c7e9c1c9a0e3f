package io.kubeloop.informers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeloop.informers.InformerError;
import io.kubeloop.informers.InformerFactory;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * 100 cut connections while objects are created, updated and deleted: some watches resume, some get
 * 410 and relist; at the end the cache equals the server's state and every handler saw a consistent
 * stream (its own view ends equal to the cache).
 */
class DisconnectsIT {

  @Test
  void cacheEqualsServerAfterHundredDisconnectsUnderChurn() throws Exception {
    try (Cluster cluster = Cluster.start(c -> c.withWatchCacheWindow(50));
        TcpProxy proxy = new TcpProxy(cluster.server.port());
        KubernetesClient viaProxy = Cluster.client(cluster.server.kubeconfig(), proxy.url())) {
      cluster.namespace("churn");
      List<InformerError> errors = new CopyOnWriteArrayList<>();
      try (InformerFactory factory =
          InformerFactory.builder(viaProxy).errorHandler(errors::add).build()) {
        SharedIndexInformer<ConfigMap> informer =
            factory.informer(
                ConfigMap.class,
                InformerOptions.defaults()
                    .withNamespaces("churn")
                    .withPageSize(10)
                    .withBackoff(Duration.ofMillis(5), Duration.ofMillis(50)));
        MirrorHandler mirror = new MirrorHandler();
        informer.addEventHandler(mirror);
        informer.start();
        assertThat(informer.waitForSync(Duration.ofSeconds(20))).isTrue();

        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer =
            Thread.ofVirtual()
                .start(
                    () -> {
                      Random random = new Random(11);
                      int n = 0;
                      while (writing.get()) {
                        String name = "cm-" + random.nextInt(40);
                        try {
                          switch (random.nextInt(3)) {
                            case 0 -> cluster.create("churn", name, Integer.toString(n++));
                            case 1 -> cluster.update("churn", name, Integer.toString(n++));
                            default -> cluster.delete("churn", name);
                          }
                        } catch (RuntimeException e) {
                          // exists / not found: the churn goes on
                        }
                      }
                    });
        for (int i = 0; i < 100; i++) {
          int before = proxy.accepted();
          proxy.dropAll();
          // wait until the informer has reconnected before cutting again
          await().atMost(Duration.ofSeconds(20)).until(() -> proxy.accepted() > before);
        }
        writing.set(false);
        writer.join();

        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    Convergence.cache(informer, "churn")
                        .equals(Convergence.server(cluster.client, "churn")));
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> mirror.state().equals(Convergence.cache(informer, "churn")));
        assertThat(errors).hasSizeGreaterThanOrEqualTo(50);
      }
    }
  }
}
