package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

/**
 * Which sources the builder marks as added by key. An IT only because it builds a Fabric8 client
 * and a manager (seconds of class loading); it talks to no server.
 */
class SourcesIT {

  @Test
  void onlyAPrimaryWithoutPredicatesOrFiltersIsAddedByKey() {
    try (var client =
            new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build())
                .build();
        Manager manager = Manager.builder(client).build()) {
      DefaultController<?> plain =
          (DefaultController<?>)
              manager.controller(ConfigMap.class).name("plain").owns(Pod.class).complete(r -> null);
      DefaultController<?> filtered =
          (DefaultController<?>)
              manager
                  .controller(ConfigMap.class)
                  .name("filtered")
                  .withEventFilter(WatchPredicate.labelsChanged())
                  .complete(r -> null);
      DefaultController<?> predicated =
          (DefaultController<?>)
              Controller.builder(manager)
                  .forType(ConfigMap.class, WatchPredicate.generationChanged())
                  .name("predicated")
                  .complete(r -> null);
      assertThat(plain.sources()).extracting(Source::addsByKey).containsExactly(true, false);
      assertThat(filtered.sources()).extracting(Source::addsByKey).containsExactly(false);
      assertThat(predicated.sources()).extracting(Source::addsByKey).containsExactly(false);
    }
  }
}
