package io.kubeloop.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lifecycle of CustomResourceDefinitions and their custom resources, through Fabric8. */
class CrdIT {

  static ServerFixture fixture;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    fixture = ServerFixture.start();
    client = fixture.client;
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static final String DATABASE_CRD =
      """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: databases.example.com
      spec:
        group: example.com
        scope: Namespaced
        names:
          plural: databases
          singular: database
          kind: Database
          shortNames: [db]
          categories: [all]
        versions:
        - name: v1
          served: true
          storage: true
          subresources:
            status: {}
            scale:
              specReplicasPath: .spec.replicas
              statusReplicasPath: .status.replicas
          additionalPrinterColumns:
          - name: Engine
            type: string
            jsonPath: .spec.engine
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  required: [engine]
                  properties:
                    engine:
                      type: string
                      enum: [postgres, mysql]
                    replicas:
                      type: integer
                      minimum: 0
                      default: 1
                    user:
                      type: string
                status:
                  type: object
                  properties:
                    replicas:
                      type: integer
                    phase:
                      type: string
      """;

  static ResourceDefinitionContext context(
      String group, String version, String plural, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withPlural(plural)
        .withNamespaced(namespaced)
        .build();
  }

  static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      databases() {
    return client.genericKubernetesResources(context("example.com", "v1", "databases", true));
  }

  static CustomResourceDefinition install(String yaml) {
    CustomResourceDefinition crd = Serialization.unmarshal(yaml, CustomResourceDefinition.class);
    CustomResourceDefinition created =
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(created.getMetadata().getName())
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> x.getType().equals("Established") && x.getStatus().equals("True")),
            10,
            TimeUnit.SECONDS);
    return created;
  }

  static GenericKubernetesResource database(String name, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("example.com/v1")
        .withKind("Database")
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", spec))
        .build();
  }

  @Test
  void lifecycleOfACustomResourceDefinition() throws Exception {
    CustomResourceDefinition created = install(DATABASE_CRD);
    assertThat(created.getMetadata().getFinalizers())
        .contains("customresourcecleanup.apiextensions.k8s.io");
    CustomResourceDefinition established =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("databases.example.com")
            .get();
    assertThat(established.getStatus().getAcceptedNames().getKind()).isEqualTo("Database");
    assertThat(established.getStatus().getStoredVersions()).containsExactly("v1");
    assertThat(established.getStatus().getConditions())
        .anyMatch(c -> c.getType().equals("NamesAccepted") && c.getReason().equals("NoConflicts"));

    // discovery shows the new group at once
    assertThat(client.getApiGroups().getGroups()).anyMatch(g -> g.getName().equals("example.com"));
    assertThat(client.getApiResources("example.com/v1").getResources())
        .anyMatch(r -> r.getName().equals("databases/status"));

    // custom resources: create, defaults, get, list, watch from a resourceVersion
    GenericKubernetesResource db =
        databases()
            .inNamespace("default")
            .resource(database("orders", Map.of("engine", "postgres")))
            .create();
    assertThat(db.getMetadata().getUid()).isNotEmpty();
    assertThat(((Map<?, ?>) db.getAdditionalProperties().get("spec")).get("replicas")).isEqualTo(1);
    String rv = db.getMetadata().getResourceVersion();
    assertThat(databases().inNamespace("default").list().getItems()).hasSize(1);

    List<Watcher.Action> seen = new CopyOnWriteArrayList<>();
    try (Watch watch =
        databases()
            .inNamespace("default")
            .watch(
                new ListOptionsBuilder().withResourceVersion(rv).build(),
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, GenericKubernetesResource resource) {
                    seen.add(action);
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      // deleting the CRD deletes its custom resources and the API
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName("databases.example.com")
          .delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(Watcher.Action.DELETED));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client
                        .apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName("databases.example.com")
                        .get()
                    == null);
    assertThat(
            fixture
                .request("GET", "/apis/example.com/v1/namespaces/default/databases", null, null)
                .code())
        .isEqualTo(404);
    assertThat(client.getApiGroups().getGroups()).noneMatch(g -> g.getName().equals("example.com"));
  }

  @Test
  void statusAndScaleSubresourcesAndGeneration() {
    install(
        DATABASE_CRD
            .replace("databases.example.com", "stores.shop.example.com")
            .replace("group: example.com", "group: shop.example.com")
            .replace("plural: databases", "plural: stores")
            .replace("singular: database", "singular: store")
            .replace("kind: Database", "kind: Store")
            .replace("shortNames: [db]", "shortNames: [st]"));
    var stores =
        client.genericKubernetesResources(context("shop.example.com", "v1", "stores", true));
    GenericKubernetesResource s =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("shop.example.com/v1")
            .withKind("Store")
            .withNewMetadata()
            .withName("s1")
            .endMetadata()
            .withAdditionalProperties(
                Map.of(
                    "spec",
                    Map.of("engine", "mysql", "replicas", 2),
                    "status",
                    Map.of("phase", "Ignored")))
            .build();
    GenericKubernetesResource created = stores.inNamespace("default").resource(s).create();
    assertThat(created.getAdditionalProperties()).doesNotContainKey("status");
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1);
    GenericKubernetesResource withStatus =
        stores
            .inNamespace("default")
            .resource(
                new GenericKubernetesResourceBuilder(created)
                    .withAdditionalProperties(
                        Map.of(
                            "spec",
                            created.getAdditionalProperties().get("spec"),
                            "status",
                            Map.of("phase", "Ready", "replicas", 2)))
                    .build())
            .updateStatus();
    assertThat(((Map<?, ?>) withStatus.getAdditionalProperties().get("status")).get("phase"))
        .isEqualTo("Ready");
    assertThat(withStatus.getMetadata().getGeneration()).isEqualTo(1);
    GenericKubernetesResource respec =
        stores
            .inNamespace("default")
            .withName("s1")
            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":3}}");
    assertThat(respec.getMetadata().getGeneration()).isEqualTo(2);
    ServerFixture.Raw scale =
        fixture.request(
            "GET", "/apis/shop.example.com/v1/namespaces/default/stores/s1/scale", null, null);
    assertThat(scale.code()).isEqualTo(200);
    assertThat(scale.body()).contains("\"replicas\":3");
    // strategic merge patch is for built-in types only
    ServerFixture.Raw smp =
        fixture.request(
            "PATCH",
            "/apis/shop.example.com/v1/namespaces/default/stores/s1",
            "application/strategic-merge-patch+json",
            "{\"spec\":{\"replicas\":1}}");
    assertThat(smp.code()).isEqualTo(415);
  }

  @Test
  void schemaValidationAndPruning() {
    install(
        DATABASE_CRD
            .replace("databases.example.com", "caches.example.org")
            .replace("group: example.com", "group: example.org")
            .replace("plural: databases", "plural: caches")
            .replace("singular: database", "singular: cache")
            .replace("kind: Database", "kind: Cache")
            .replace("shortNames: [db]", "shortNames: [ca]"));
    var caches = client.genericKubernetesResources(context("example.org", "v1", "caches", true));
    GenericKubernetesResource bad =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("example.org/v1")
            .withKind("Cache")
            .withNewMetadata()
            .withName("bad")
            .endMetadata()
            .withAdditionalProperties(Map.of("spec", Map.of("engine", "oracle", "replicas", -1)))
            .build();
    assertThatThrownBy(() -> caches.inNamespace("default").resource(bad).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getDetails().getCauses())
                  .extracting(c -> c.getField())
                  .contains("spec.engine", "spec.replicas");
            });
    GenericKubernetesResource extra =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("example.org/v1")
            .withKind("Cache")
            .withNewMetadata()
            .withName("extra")
            .endMetadata()
            .withAdditionalProperties(Map.of("spec", Map.of("engine", "mysql", "color", "blue")))
            .build();
    GenericKubernetesResource pruned = caches.inNamespace("default").resource(extra).create();
    assertThat(((Map<?, ?>) pruned.getAdditionalProperties().get("spec")).containsKey("color"))
        .isFalse();
  }

  @Test
  void threeVersionsRoundTrip() {
    String crd =
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.net
        spec:
          group: example.net
          scope: Cluster
          names: {plural: widgets, singular: widget, kind: Widget}
          versions:
          - {name: v1alpha1, served: true, storage: false, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
          - {name: v1beta1, served: true, storage: false, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
          - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
        """;
    install(crd);
    var alpha =
        client.genericKubernetesResources(context("example.net", "v1alpha1", "widgets", false));
    GenericKubernetesResource w =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("example.net/v1alpha1")
            .withKind("Widget")
            .withNewMetadata()
            .withName("w1")
            .endMetadata()
            .withAdditionalProperties(Map.of("size", 3))
            .build();
    assertThat(alpha.resource(w).create().getApiVersion()).isEqualTo("example.net/v1alpha1");
    for (String version : List.of("v1alpha1", "v1beta1", "v1")) {
      GenericKubernetesResource read =
          client
              .genericKubernetesResources(context("example.net", version, "widgets", false))
              .withName("w1")
              .get();
      assertThat(read.getApiVersion()).isEqualTo("example.net/" + version);
      assertThat(read.getAdditionalProperties().get("size")).isEqualTo(3);
    }
  }

  @Test
  void invalidDefinitionsAreRejected() {
    String webhook =
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: things.example.io}
        spec:
          group: example.io
          scope: Namespaced
          names: {plural: things, kind: Thing}
          conversion: {strategy: Webhook}
          versions:
          - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}
        """;
    assertThatThrownBy(
            () ->
                client
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(Serialization.unmarshal(webhook, CustomResourceDefinition.class))
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
    String wrongName =
        webhook
            .replace("{name: things.example.io}", "{name: other.example.io}")
            .replace("conversion: {strategy: Webhook}", "");
    assertThatThrownBy(
            () ->
                client
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(Serialization.unmarshal(wrongName, CustomResourceDefinition.class))
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e ->
                assertThat(e.getStatus().getDetails().getCauses())
                    .extracting(c -> c.getField())
                    .contains("metadata.name"));
    String twoStorage =
        webhook
            .replace("conversion: {strategy: Webhook}", "")
            .replace(
                "- {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}",
                "- {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}\n  - {name: v2, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}");
    assertThatThrownBy(
            () ->
                client
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .resource(Serialization.unmarshal(twoStorage, CustomResourceDefinition.class))
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
  }

  /** A typed custom resource, as operator authors write them with Fabric8. */
  @io.fabric8.kubernetes.model.annotation.Group("typed.example.com")
  @io.fabric8.kubernetes.model.annotation.Version("v1")
  @io.fabric8.kubernetes.model.annotation.Kind("Backup")
  @io.fabric8.kubernetes.model.annotation.Plural("backups")
  public static class Backup
      extends io.fabric8.kubernetes.client.CustomResource<BackupSpec, BackupStatus>
      implements io.fabric8.kubernetes.api.model.Namespaced {}

  public static class BackupSpec {
    public String target;
    public Integer keep;
  }

  public static class BackupStatus {
    public String phase;
  }

  @Test
  void typedCustomResources() {
    install(
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: backups.typed.example.com}
        spec:
          group: typed.example.com
          scope: Namespaced
          names: {plural: backups, singular: backup, kind: Backup}
          versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [target]
                    properties:
                      target: {type: string}
                      keep: {type: integer, default: 7}
                  status:
                    type: object
                    properties:
                      phase: {type: string}
        """);
    var backups = client.resources(Backup.class).inNamespace("default");
    Backup backup = new Backup();
    backup.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("nightly").build());
    BackupSpec spec = new BackupSpec();
    spec.target = "db";
    backup.setSpec(spec);
    Backup created = backups.resource(backup).create();
    assertThat(created.getSpec().keep).isEqualTo(7);
    created.setStatus(new BackupStatus());
    created.getStatus().phase = "Done";
    Backup withStatus = backups.resource(created).updateStatus();
    assertThat(withStatus.getStatus().phase).isEqualTo("Done");
    assertThat(backups.withName("nightly").get().getStatus().phase).isEqualTo("Done");
    assertThat(backups.list().getItems())
        .extracting(b -> b.getMetadata().getName())
        .containsExactly("nightly");
    backups.withName("nightly").delete();
    await().atMost(Duration.ofSeconds(5)).until(() -> backups.withName("nightly").get() == null);
  }
}
