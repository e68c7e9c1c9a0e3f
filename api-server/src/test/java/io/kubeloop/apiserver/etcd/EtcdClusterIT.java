package io.kubeloop.apiserver.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubeloop.apiserver.KubeApiServer;
import io.kubeloop.apiserver.storage.etcd.EtcdStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two API servers over one 3-member etcd cluster, seen through Fabric8 clients. */
class EtcdClusterIT {

  @TempDir static Path dir;
  static EtcdFixture fixture;
  static KubeApiServer a;
  static KubeApiServer b;
  static KubernetesClient clientA;
  static KubernetesClient clientB;

  @BeforeAll
  static void start() {
    fixture = EtcdFixture.start(dir, 3);
    a = fixture.startServer();
    b = fixture.startServer();
    clientA = fixture.client(a);
    clientB = fixture.client(b);
  }

  @AfterAll
  static void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static final java.time.format.DateTimeFormatter MICRO_TIME =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  static ConfigMap configMap(String name, String label, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .addToLabels("test", label)
        .endMetadata()
        .addToData("v", value)
        .build();
  }

  static long rv(io.fabric8.kubernetes.api.model.HasMetadata o) {
    return Long.parseLong(o.getMetadata().getResourceVersion());
  }

  @Test
  void writeThroughOneServerIsVisibleThroughTheOther() {
    ConfigMap created =
        clientA.configMaps().resource(configMap("visible", "visible", "1")).create();

    ConfigMap read = clientB.configMaps().inNamespace("default").withName("visible").get();
    assertThat(read.getData()).containsEntry("v", "1");
    assertThat(read.getMetadata().getResourceVersion())
        .isEqualTo(created.getMetadata().getResourceVersion());
    assertThat(read.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

    read.getData().put("v", "2");
    ConfigMap updated = clientB.configMaps().resource(read).update();
    assertThat(rv(updated)).isGreaterThan(rv(created));
    // resourceVersions are etcd revisions: comparable across servers
    var list = clientA.configMaps().inNamespace("default").withLabel("test", "visible").list();
    assertThat(Long.parseLong(list.getMetadata().getResourceVersion()))
        .isGreaterThanOrEqualTo(rv(updated));
    assertThat(list.getItems())
        .singleElement()
        .satisfies(c -> assertThat(c.getData()).containsEntry("v", "2"));
    // a stale write through the other server is a conflict
    created.getData().put("v", "stale");
    assertThatThrownBy(() -> clientA.configMaps().resource(created).update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }

  @Test
  void watchesThroughEitherServerDeliverEveryEventInRevisionOrder() throws Exception {
    String start =
        clientA.configMaps().inNamespace("default").list().getMetadata().getResourceVersion();
    List<Long> seenA = new CopyOnWriteArrayList<>();
    List<Long> seenB = new CopyOnWriteArrayList<>();
    try (var wa =
            clientA
                .configMaps()
                .inNamespace("default")
                .withLabel("test", "order")
                .watch(
                    new ListOptionsBuilder().withResourceVersion(start).build(), collect(seenA));
        var wb =
            clientB
                .configMaps()
                .inNamespace("default")
                .withLabel("test", "order")
                .watch(
                    new ListOptionsBuilder().withResourceVersion(start).build(), collect(seenB))) {
      List<Long> written = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        KubernetesClient via = i % 2 == 0 ? clientA : clientB;
        written.add(rv(via.configMaps().resource(configMap("order-" + i, "order", "x")).create()));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> seenA.size() >= 40 && seenB.size() >= 40);
      assertThat(seenA).containsExactlyElementsOf(written.stream().sorted().toList());
      assertThat(seenB).containsExactlyElementsOf(seenA);
    }
  }

  private static Watcher<ConfigMap> collect(List<Long> revisions) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, ConfigMap resource) {
        revisions.add(rv(resource));
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  @Test
  void informersOnBothServersSeeTheSameObjects() {
    Set<String> namesA = ConcurrentHashMap.newKeySet();
    Set<String> namesB = ConcurrentHashMap.newKeySet();
    SharedIndexInformer<ConfigMap> informerA =
        clientA
            .configMaps()
            .inNamespace("default")
            .withLabel("test", "informer")
            .inform(track(namesA));
    SharedIndexInformer<ConfigMap> informerB =
        clientB
            .configMaps()
            .inNamespace("default")
            .withLabel("test", "informer")
            .inform(track(namesB));
    try {
      for (int i = 0; i < 10; i++) {
        (i % 2 == 0 ? clientA : clientB)
            .configMaps()
            .resource(configMap("informer-" + i, "informer", "x"))
            .create();
      }
      clientB.configMaps().inNamespace("default").withName("informer-0").delete();
      Set<String> expected =
          java.util.stream.IntStream.range(1, 10)
              .mapToObj(i -> "informer-" + i)
              .collect(Collectors.toSet());
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> namesA.equals(expected) && namesB.equals(expected));
      assertThat(informerA.getStore().list()).hasSize(9);
      assertThat(informerB.getStore().list()).hasSize(9);
    } finally {
      informerA.close();
      informerB.close();
    }
  }

  private static ResourceEventHandler<ConfigMap> track(Set<String> names) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(ConfigMap obj) {
        names.add(obj.getMetadata().getName());
      }

      @Override
      public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {}

      @Override
      public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
        names.remove(obj.getMetadata().getName());
      }
    };
  }

  @Test
  void customResourceDefinitionCreatedThroughOneServerIsServedByTheOther() {
    CustomResourceDefinition crd =
        new CustomResourceDefinitionBuilder()
            .withNewMetadata()
            .withName("widgets.example.com")
            .endMetadata()
            .withNewSpec()
            .withGroup("example.com")
            .withScope("Namespaced")
            .withNewNames()
            .withPlural("widgets")
            .withSingular("widget")
            .withKind("Widget")
            .withListKind("WidgetList")
            .endNames()
            .addNewVersion()
            .withName("v1")
            .withServed(true)
            .withStorage(true)
            .withNewSchema()
            .withNewOpenAPIV3Schema()
            .withType("object")
            .withXKubernetesPreserveUnknownFields(true)
            .endOpenAPIV3Schema()
            .endSchema()
            .endVersion()
            .endSpec()
            .build();
    clientA.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    ResourceDefinitionContext widgets =
        new ResourceDefinitionContext.Builder()
            .withGroup("example.com")
            .withVersion("v1")
            .withPlural("widgets")
            .withKind("Widget")
            .withNamespaced(true)
            .build();
    GenericKubernetesResource widget =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("example.com/v1")
            .withKind("Widget")
            .withNewMetadata()
            .withName("w1")
            .withNamespace("default")
            .endMetadata()
            .withAdditionalProperties(Map.of("spec", Map.of("size", 3)))
            .build();
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () ->
                clientB
                        .genericKubernetesResources(widgets)
                        .inNamespace("default")
                        .resource(widget)
                        .create()
                    != null);
    assertThat(
            clientA.genericKubernetesResources(widgets).inNamespace("default").withName("w1").get())
        .isNotNull();
  }

  @Test
  void eventsAreStoredUnderTheRegistryPrefixWithALease() throws Exception {
    clientA
        .events()
        .v1()
        .events()
        .inNamespace("default")
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName("leased")
                .withNamespace("default")
                .endMetadata()
                .withEventTime(
                    new io.fabric8.kubernetes.api.model.MicroTime(MICRO_TIME.format(Instant.now())))
                .withReportingController("kubeloop.io/test")
                .withReportingInstance("test")
                .withAction("Testing")
                .withReason("Tested")
                .withType("Normal")
                .withNewRegarding()
                .withKind("Namespace")
                .withName("default")
                .endRegarding()
                .build())
        .create();
    clientA.configMaps().resource(configMap("layout", "layout", "x")).create();
    try (Client etcd =
        Client.builder()
            .endpoints(fixture.etcd.clientUrls().toArray(java.net.URI[]::new))
            .build()) {
      var keys =
          etcd
              .getKVClient()
              .get(
                  ByteSequence.from("/registry/", UTF_8),
                  GetOption.builder().isPrefix(true).withKeysOnly(true).build())
              .get()
              .getKvs()
              .stream()
              .map(kv -> kv.getKey().toString(UTF_8))
              .toList();
      assertThat(keys)
          .contains(
              "/registry/core/configmaps/default/layout", "/registry/core/namespaces/default");
      String eventKey =
          keys.stream().filter(k -> k.endsWith("/default/leased")).findFirst().orElseThrow();
      long lease =
          etcd.getKVClient()
              .get(ByteSequence.from(eventKey, UTF_8))
              .get()
              .getKvs()
              .get(0)
              .getLease();
      assertThat(lease).as("Events expire through an etcd lease").isNotZero();
      long ttl =
          etcd.getLeaseClient()
              .timeToLive(lease, io.etcd.jetcd.options.LeaseOption.DEFAULT)
              .get()
              .getGrantedTTL();
      assertThat(ttl).isBetween(3600L, 3660L);
    }
  }

  @Test
  void exactListAtACompactedRevisionIsExpired() {
    ConfigMap old =
        clientA.configMaps().resource(configMap("compacted", "compacted", "1")).create();
    clientA
        .configMaps()
        .inNamespace("default")
        .withName("compacted")
        .edit(
            c -> {
              c.getData().put("v", "2");
              return c;
            });
    try (EtcdStorage storage = EtcdStorage.open(fixture.etcdOptions())) {
      storage.compact(storage.currentRevision());
    }
    assertThatThrownBy(
            () ->
                clientB
                    .configMaps()
                    .inNamespace("default")
                    .list(
                        new ListOptionsBuilder()
                            .withResourceVersion(old.getMetadata().getResourceVersion())
                            .withResourceVersionMatch("Exact")
                            .build()))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(410);
              assertThat(e.getStatus().getReason()).isEqualTo("Expired");
            });
  }
}
