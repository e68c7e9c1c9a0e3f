package io.kubeloop.informers.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.kubeloop.informers.InformerFactory;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.informers.ListMode;
import io.kubeloop.informers.SharedIndexInformer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScratchStreamIT {
  @Test
  void bigStreamingList() throws Exception {
    try (Cluster cluster = Cluster.start()) {
      cluster.namespace("big");
      String value = "x".repeat(100_000);
      for (int i = 0; i < 300; i++) {
        cluster.create("big", "cm-" + i, value);
      }
      try (InformerFactory factory = InformerFactory.create(cluster.client)) {
        SharedIndexInformer<ConfigMap> informer =
            factory.informer(
                ConfigMap.class,
                InformerOptions.defaults().withNamespaces("big").withListMode(ListMode.STREAMING));
        informer.start();
        boolean synced = informer.waitForSync(Duration.ofSeconds(20));
        System.out.println(
            "SCRATCH synced="
                + synced
                + " size="
                + informer.indexer().size()
                + " health="
                + informer.health());
        assertThat(synced).isTrue();
        assertThat(informer.indexer().size()).isEqualTo(300);
      }
    }
  }
}
