package io.kubeloop.informers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeloop.informers.InformerError;
import io.kubeloop.informers.InformerFactory;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.informers.ListMode;
import io.kubeloop.informers.SharedIndexInformer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A watch that resumes from a version older than the server's window gets 410 Expired; the informer
 * relists, delivers what changed meanwhile, and reports objects deleted meanwhile as
 * deletedFinalStateUnknown.
 */
class RelistIT {

  @ParameterizedTest
  @EnumSource(ListMode.class)
  void expiredWatchRelistsAndDeliversTombstones(ListMode mode) throws Exception {
    try (Cluster cluster = Cluster.start(c -> c.withWatchCacheWindow(5));
        TcpProxy proxy = new TcpProxy(cluster.server.port());
        KubernetesClient viaProxy = Cluster.client(cluster.server.kubeconfig(), proxy.url())) {
      cluster.namespace("relist");
      for (int i = 0; i < 10; i++) {
        cluster.create("relist", "keep-" + i, "0");
      }
      cluster.create("relist", "doomed", "0");
      List<InformerError> errors = new CopyOnWriteArrayList<>();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (InformerFactory factory =
          InformerFactory.builder(viaProxy)
              .errorHandler(errors::add)
              .meterRegistry(registry)
              .build()) {
        SharedIndexInformer<ConfigMap> informer =
            factory.informer(
                ConfigMap.class,
                InformerOptions.defaults()
                    .withNamespaces("relist")
                    .withListMode(mode)
                    .withPageSize(4)
                    .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)));
        Recorder<ConfigMap> recorder = new Recorder<>();
        informer.addEventHandler(recorder);
        informer.start();
        assertThat(informer.waitForSync(Duration.ofSeconds(20))).isTrue();

        proxy.pause();
        // more changes than the server keeps: the informer's version falls out of the window
        cluster.delete("relist", "doomed");
        for (int i = 0; i < 10; i++) {
          cluster.update("relist", "keep-" + i, "1");
        }
        cluster.create("relist", "born", "1");
        proxy.resume();

        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    Convergence.cache(informer, "relist")
                        .equals(Convergence.server(cluster.client, "relist")));
        assertThat(errors).anySatisfy(e -> assertThat(e.code()).isEqualTo(410));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> recorder.summary().contains("delete relist/doomed (flag)"));
        assertThat(recorder.summary()).contains("add relist/born", "update relist/keep-3");
        assertThat(recorder.count("delete")).isEqualTo(1);
        assertThat(registry.get("informer_relists_total").counter().count())
            .isGreaterThanOrEqualTo(1);
        assertThat(registry.get("informer_store_objects").gauge().value()).isEqualTo(11);
        assertThat(registry.get("informer_lists_total").counter().count())
            .isGreaterThanOrEqualTo(2);
      }
    }
  }
}
