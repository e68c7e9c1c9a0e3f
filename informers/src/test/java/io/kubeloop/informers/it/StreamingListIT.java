package io.kubeloop.informers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.kubeloop.informers.InformerFactory;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.informers.ListMode;
import io.kubeloop.informers.SharedIndexInformer;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both list modes fetch large states intact: 30 MB in pages; 10 MB streamed (under the API server's
 * 16 MiB watch write queue, past which it currently drops frames of a streaming list).
 */
class StreamingListIT {

  @ParameterizedTest
  @EnumSource(ListMode.class)
  void syncsLargeStates(ListMode mode) throws Exception {
    try (Cluster cluster = Cluster.start()) {
      cluster.namespace("big");
      String value = "x".repeat(100_000);
      int count = mode == ListMode.PAGINATED ? 300 : 100;
      for (int i = 0; i < count; i++) {
        cluster.create("big", "cm-" + i, value + i);
      }
      try (InformerFactory factory = InformerFactory.create(cluster.client)) {
        SharedIndexInformer<ConfigMap> informer =
            factory.informer(
                ConfigMap.class,
                InformerOptions.defaults()
                    .withNamespaces("big")
                    .withListMode(mode)
                    .withPageSize(50));
        informer.start();
        assertThat(informer.waitForSync(Duration.ofSeconds(60))).isTrue();
        assertThat(informer.indexer().size()).isEqualTo(count);
        assertThat(
                informer.indexer().get("big", "cm-" + (count - 1)).orElseThrow().getData().get("v"))
            .isEqualTo(value + (count - 1));
        assertThat(Convergence.cache(informer, "big"))
            .isEqualTo(Convergence.server(cluster.client, "big"));
      }
    }
  }
}
