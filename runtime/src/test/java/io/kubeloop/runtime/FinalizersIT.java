package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.KubeApiServer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FinalizersIT {

  static final String NS = "finalizers";

  static KubeApiServer server;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    server =
        KubeApiServer.start(
            ApiServerConfig.defaults(Files.createTempDirectory("kubeloop-finalizers-it"))
                .withStorage(ApiServerConfig.StorageKind.MEMORY));
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(server.kubeconfig())))
            .build();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  static ConfigMap create(String name) {
    return client
        .configMaps()
        .inNamespace(NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(NS)
                .withName(name)
                .endMetadata()
                .addToData("v", "0")
                .build())
        .create();
  }

  /** An unconditional write by someone else: it moves the resourceVersion on. */
  static void write(String name, String key, String value) {
    // a merge patch without a resourceVersion: Fabric8's edit() would be conditional
    client
        .configMaps()
        .inNamespace(NS)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"data\":{\"" + key + "\":\"" + value + "\"}}");
  }

  static ConfigMap get(String name) {
    return client.configMaps().inNamespace(NS).withName(name).get();
  }

  @Test
  void aStaleCopyIsRereadAndTheOtherWritersChangeIsKept() {
    ConfigMap stale = create("stale");
    write("stale", "other", "1");

    ConfigMap added = Finalizers.add(client, stale, "example.com/a");
    assertThat(added.getMetadata().getFinalizers()).containsExactly("example.com/a");
    assertThat(added.getData()).containsEntry("other", "1");
    assertThat(stale.getMetadata().getFinalizers()).as("the caller's copy").isEmpty();

    write("stale", "other", "2");
    ConfigMap removed = Finalizers.remove(client, added, "example.com/a");
    assertThat(removed.getMetadata().getFinalizers()).isNullOrEmpty();
    assertThat(removed.getData()).containsEntry("other", "2");
    assertThat(get("stale").getMetadata().getFinalizers()).isNullOrEmpty();
  }

  @Test
  void nothingIsWrittenWhenTheServerAlreadyHasTheChange() {
    ConfigMap cm = create("noop");
    ConfigMap added = Finalizers.add(client, cm, "example.com/a");
    String rv = added.getMetadata().getResourceVersion();
    // the caller's copy is stale and lacks the finalizer: one conflict, then the re-read has it
    ConfigMap again = Finalizers.add(client, cm, "example.com/a");
    assertThat(again.getMetadata().getResourceVersion()).isEqualTo(rv);
    assertThat(Finalizers.add(client, added, "example.com/a")).isSameAs(added);
    assertThat(get("noop").getMetadata().getResourceVersion()).isEqualTo(rv);
  }

  @Test
  void concurrentWritersAllLand() throws Exception {
    ConfigMap stale = create("busy");
    int writers = 4;
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < writers; i++) {
        String finalizer = "example.com/f" + i;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  return Finalizers.add(client, stale, finalizer, 20);
                }));
      }
      done.add(
          pool.submit(
              () -> {
                go.await();
                for (int i = 0; i < 3; i++) {
                  write("busy", "data" + i, "x");
                }
                return null;
              }));
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    }
    ConfigMap after = get("busy");
    assertThat(after.getMetadata().getFinalizers())
        .containsExactlyInAnyOrder(
            "example.com/f0", "example.com/f1", "example.com/f2", "example.com/f3");
    assertThat(after.getData()).containsKeys("data0", "data1", "data2");

    // and remove them all concurrently, again from the stale copy's point of view
    ConfigMap withAll = after;
    CountDownLatch go2 = new CountDownLatch(1);
    List<Future<?>> removed = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < writers; i++) {
        String finalizer = "example.com/f" + i;
        removed.add(
            pool.submit(
                () -> {
                  go2.await();
                  return Finalizers.remove(client, withAll, finalizer, 20);
                }));
      }
      go2.countDown();
      for (Future<?> f : removed) {
        f.get();
      }
    }
    assertThat(get("busy").getMetadata().getFinalizers()).isNullOrEmpty();
  }

  @Test
  void removingTheLastFinalizerOfADeletedObjectLetsItGo() {
    ConfigMap cm = Finalizers.add(client, create("doomed"), "example.com/a");
    client.configMaps().inNamespace(NS).withName("doomed").delete();
    ConfigMap deleting = get("doomed");
    assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();

    // from the copy read before the delete: conflicts once, then removes it
    ConfigMap last = Finalizers.remove(client, cm, "example.com/a");
    if (last != null) {
      assertThat(last.getMetadata().getFinalizers()).isNullOrEmpty();
    }
    assertThat(get("doomed")).isNull();
    // nothing left to remove it from
    assertThat(Finalizers.remove(client, cm, "example.com/a")).isNull();
  }

  @Test
  void aGoneObjectCannotGetAFinalizer() {
    ConfigMap cm = create("gone");
    client.configMaps().inNamespace(NS).withName("gone").delete();
    assertThatThrownBy(() -> Finalizers.add(client, cm, "example.com/a"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void givingUpSaysWhyAndCarriesTheConflict() {
    ConfigMap stale = create("contended");
    write("contended", "other", "1");
    assertThatThrownBy(() -> Finalizers.add(client, stale, "example.com/a", 1))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
            })
        .hasMessageStartingWith(
            "gave up adding finalizer example.com/a to ConfigMap finalizers/contended after 1"
                + " attempts");
  }
}
