package io.kubeloop.informers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.kubeloop.informers.InformerFactory;
import io.kubeloop.informers.InformerHealth;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sync, then add, update and delete reach handlers and the cache in order. */
class DeliveryIT {

  static Cluster cluster;

  @BeforeAll
  static void start() {
    cluster = Cluster.start();
    cluster.namespace("delivery");
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void syncsThenDeliversAddUpdateDeleteInOrder() throws Exception {
    for (int i = 0; i < 25; i++) {
      cluster.create("delivery", "pre-" + i, Map.of("app", "web"), "0");
    }
    try (InformerFactory factory = InformerFactory.create(cluster.client)) {
      SharedIndexInformer<ConfigMap> informer =
          factory.informer(
              ConfigMap.class,
              InformerOptions.defaults().withNamespaces("delivery").withPageSize(7));
      Recorder<ConfigMap> recorder = new Recorder<>();
      var registration = informer.addEventHandler(recorder);
      factory.startAll();
      assertThat(factory.waitForCacheSync(Duration.ofSeconds(20))).isTrue();
      assertThat(informer.lister().namespace("delivery").list()).hasSize(25);
      await().atMost(Duration.ofSeconds(10)).until(registration::hasSynced);
      assertThat(recorder.events).hasSize(25).allMatch(e -> e.type().equals("add") && e.flag());

      cluster.create("delivery", "live", "a");
      cluster.update("delivery", "live", "b");
      cluster.delete("delivery", "live");
      await().atMost(Duration.ofSeconds(10)).until(() -> recorder.events.size() >= 28);
      assertThat(recorder.summary().subList(25, 28))
          .containsExactly("add delivery/live", "update delivery/live", "delete delivery/live");
      assertThat(recorder.events.get(26).object().getData()).containsEntry("v", "b");
      assertThat(recorder.events.get(27).object().getData()).containsEntry("v", "b");
      assertThat(informer.indexer().getByKey("delivery/live")).isEmpty();
      assertThat(informer.indexer().getByKey("delivery/pre-3")).isPresent();
      assertThat(informer.health().state()).isEqualTo(InformerHealth.State.WATCHING);
      assertThat(informer.health().healthy()).isTrue();
    }
  }
}
