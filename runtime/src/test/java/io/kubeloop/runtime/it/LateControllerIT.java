package io.kubeloop.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.runtime.Manager;
import io.kubeloop.runtime.Reconciler;
import io.kubeloop.runtime.Result;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Controllers added to a running manager: one on a type no informer watched yet (its informer
 * starts and syncs first) and one sharing a synced informer; each reconciles what exists once, then
 * what changes; and the checks on names and on a stopped manager.
 */
class LateControllerIT {

  static final String NS = "late";

  static Cluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = Cluster.start();
    cluster.namespace(NS);
    for (String name : List.of("a", "b")) {
      configMap(name);
      cluster
          .client
          .secrets()
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withNamespace(NS)
                  .withName(name)
                  .endMetadata()
                  .build())
          .create();
    }
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void controllersAddedAfterStartSyncThenReconcile() throws Exception {
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    Manager manager =
        Manager.builder(cluster.newClient(null))
            .configureInformers(
                b -> b.defaultOptions(InformerOptions.defaults().withNamespaces(NS)))
            .build();
    try {
      manager.controller(ConfigMap.class).name("first").complete(count(calls, "first"));
      manager.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> total(calls, "first") == 2);

      // a type nobody watched: its informer starts with it; the lister sees every Secret by the
      // time the first reconcile runs
      Map<String, Boolean> listerHadAll = new ConcurrentHashMap<>();
      manager
          .controller(Secret.class)
          .name("secrets")
          .workers(2)
          .complete(
              request -> {
                listerHadAll.put(
                    request.name(), manager.lister(Secret.class).namespace(NS).list().size() >= 2);
                return count(calls, "secrets").reconcile(request);
              });
      // the ConfigMap informer is shared and synced already: its cache is replayed
      manager.controller(ConfigMap.class).name("second").complete(count(calls, "second"));

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> total(calls, "secrets") == 2 && total(calls, "second") == 2);
      assertThat(listerHadAll).containsOnlyKeys("a", "b").doesNotContainValue(false);
      assertThat(manager.informer(Secret.class).isRunning()).isTrue();

      // live changes reach every controller, the late ones included
      configMap("c");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> total(calls, "first") == 3 && total(calls, "second") == 3);
      assertThat(calls.get("secrets").get()).isEqualTo(2);

      assertThatThrownBy(
              () -> manager.controller(ConfigMap.class).name("second").complete(r -> Result.done()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("already has a controller named 'second'");
    } finally {
      manager.close();
      manager.client().close();
    }
    assertThatThrownBy(
            () -> manager.controller(ConfigMap.class).name("too-late").complete(r -> Result.done()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot add controller too-late: the manager is stopped");
  }

  private static <T> Reconciler<T> count(Map<String, AtomicInteger> calls, String controller) {
    return request -> {
      calls.computeIfAbsent(controller, k -> new AtomicInteger()).incrementAndGet();
      return Result.done();
    };
  }

  private static int total(Map<String, AtomicInteger> calls, String controller) {
    AtomicInteger n = calls.get(controller);
    return n == null ? 0 : n.get();
  }

  private static void configMap(String name) {
    cluster
        .client
        .configMaps()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(NS)
                .withName(name)
                .endMetadata()
                .build())
        .create();
  }
}
