package io.kubeloop.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Create, read, update, patch and delete through the Fabric8 client, with kube's metadata rules.
 */
class CrudIT {

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

  private static ConfigMap configMap(String name, Map<String, String> labels) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .addToData("k", "v")
        .build();
  }

  @Test
  void systemNamespacesExistAtStart() {
    List<String> names =
        client.namespaces().list().getItems().stream().map(n -> n.getMetadata().getName()).toList();
    assertThat(names).contains("default", "kube-system", "kube-public", "kube-node-lease");
    Namespace def = client.namespaces().withName("default").get();
    assertThat(def.getStatus().getPhase()).isEqualTo("Active");
    assertThat(def.getSpec().getFinalizers()).containsExactly("kubernetes");
  }

  @Test
  void createSetsGeneratedMetadataAndGetReturnsIt() {
    ConfigMap created =
        client.configMaps().inNamespace("default").resource(configMap("crud-a", Map.of())).create();
    assertThat(created.getMetadata().getUid()).isNotEmpty();
    assertThat(created.getMetadata().getCreationTimestamp()).endsWith("Z");
    assertThat(created.getMetadata().getResourceVersion()).isNotEmpty();
    assertThat(created.getMetadata().getNamespace()).isEqualTo("default");
    ConfigMap read = client.configMaps().inNamespace("default").withName("crud-a").get();
    assertThat(read).isEqualTo(created);
  }

  @Test
  void createTwiceIsAlreadyExists() {
    client.configMaps().inNamespace("default").resource(configMap("crud-dup", Map.of())).create();
    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace("default")
                    .resource(configMap("crud-dup", Map.of()))
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getStatus().getReason()).isEqualTo("AlreadyExists");
              assertThat(e.getStatus().getMessage())
                  .isEqualTo("configmaps \"crud-dup\" already exists");
            });
  }

  @Test
  void generateNameGivesDistinctNames() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      ConfigMap cm =
          new ConfigMapBuilder().withNewMetadata().withGenerateName("gen-").endMetadata().build();
      names.add(
          client.configMaps().inNamespace("default").resource(cm).create().getMetadata().getName());
    }
    assertThat(names).hasSize(20).allMatch(n -> n.matches("gen-[a-z0-9]{5}"));
  }

  @Test
  void staleResourceVersionIsConflict() {
    ConfigMap created =
        client
            .configMaps()
            .inNamespace("default")
            .resource(configMap("crud-stale", Map.of()))
            .create();
    ConfigMap first = new ConfigMapBuilder(created).addToData("a", "1").build();
    client.configMaps().inNamespace("default").resource(first).update();
    ConfigMap stale = new ConfigMapBuilder(created).addToData("b", "2").build();
    assertThatThrownBy(() -> client.configMaps().inNamespace("default").resource(stale).update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
              assertThat(e.getStatus().getMessage())
                  .contains(
                      "the object has been modified; please apply your changes to the latest version and try again");
            });
  }

  @Test
  void updateWithoutChangesWritesNothing() {
    ConfigMap created =
        client
            .configMaps()
            .inNamespace("default")
            .resource(configMap("crud-same", Map.of()))
            .create();
    ConfigMap updated = client.configMaps().inNamespace("default").resource(created).update();
    assertThat(updated.getMetadata().getResourceVersion())
        .isEqualTo(created.getMetadata().getResourceVersion());
  }

  @Test
  void missingObjectIsNotFound() {
    assertThat(client.configMaps().inNamespace("default").withName("nope").get()).isNull();
    assertThatThrownBy(
            () -> client.configMaps().inNamespace("default").withName("nope").edit(c -> c))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void createInMissingNamespaceIsNotFound() {
    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace("no-such-ns")
                    .resource(configMap("x", Map.of()))
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(404);
              assertThat(e.getStatus().getMessage())
                  .isEqualTo("namespaces \"no-such-ns\" not found");
            });
  }

  @Test
  void mergeAndJsonPatch() {
    client
        .configMaps()
        .inNamespace("default")
        .resource(configMap("crud-patch", Map.of("a", "1")))
        .create();
    ConfigMap merged =
        client
            .configMaps()
            .inNamespace("default")
            .withName("crud-patch")
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"a\":null,\"b\":\"2\"}},\"data\":{\"x\":\"y\"}}");
    assertThat(merged.getMetadata().getLabels()).containsExactly(Map.entry("b", "2"));
    assertThat(merged.getData()).containsEntry("x", "y").containsEntry("k", "v");
    ConfigMap jsonPatched =
        client
            .configMaps()
            .inNamespace("default")
            .withName("crud-patch")
            .patch(
                PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/data/k\",\"value\":\"w\"}]");
    assertThat(jsonPatched.getData()).containsEntry("k", "w");
  }

  @Test
  void finalizersHoldDeletionUntilRemoved() {
    ConfigMap cm =
        new ConfigMapBuilder(configMap("crud-fin", Map.of()))
            .editMetadata()
            .addToFinalizers("example.com/hold")
            .endMetadata()
            .build();
    client.configMaps().inNamespace("default").resource(cm).create();
    client.configMaps().inNamespace("default").withName("crud-fin").delete();
    ConfigMap marked = client.configMaps().inNamespace("default").withName("crud-fin").get();
    assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
    client
        .configMaps()
        .inNamespace("default")
        .withName("crud-fin")
        .edit(
            c ->
                new ConfigMapBuilder(c)
                    .editMetadata()
                    .withFinalizers(List.of())
                    .endMetadata()
                    .build());
    assertThat(client.configMaps().inNamespace("default").withName("crud-fin").get()).isNull();
  }

  @Test
  void noNewFinalizersWhileDeleting() {
    ConfigMap cm =
        new ConfigMapBuilder(configMap("crud-fin2", Map.of()))
            .editMetadata()
            .addToFinalizers("example.com/a")
            .endMetadata()
            .build();
    client.configMaps().inNamespace("default").resource(cm).create();
    client.configMaps().inNamespace("default").withName("crud-fin2").delete();
    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace("default")
                    .withName("crud-fin2")
                    .edit(
                        c ->
                            new ConfigMapBuilder(c)
                                .editMetadata()
                                .addToFinalizers("example.com/b")
                                .endMetadata()
                                .build()))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
  }

  @Test
  void dryRunPersistsNothing() {
    ConfigMap dry =
        client
            .configMaps()
            .inNamespace("default")
            .resource(configMap("crud-dry", Map.of()))
            .dryRun()
            .create();
    assertThat(dry.getMetadata().getUid()).isNotEmpty();
    assertThat(client.configMaps().inNamespace("default").withName("crud-dry").get()).isNull();
  }

  @Test
  void generationChangesOnSpecOnlyAndStatusIsSeparate() {
    Deployment d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("crud-gen")
            .endMetadata()
            .withNewSpec()
            .withNewSelector()
            .addToMatchLabels("app", "web")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "web")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("c")
            .withImage("nginx")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .withNewStatus()
            .withReplicas(7)
            .endStatus()
            .build();
    Deployment created = client.apps().deployments().inNamespace("default").resource(d).create();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1);
    assertThat(created.getStatus() == null || created.getStatus().getReplicas() == null).isTrue();
    Deployment labelled =
        client
            .apps()
            .deployments()
            .inNamespace("default")
            .withName("crud-gen")
            .edit(
                x ->
                    new DeploymentBuilder(x)
                        .editMetadata()
                        .addToLabels("l", "1")
                        .endMetadata()
                        .build());
    assertThat(labelled.getMetadata().getGeneration()).isEqualTo(1);
    Deployment scaled =
        client
            .apps()
            .deployments()
            .inNamespace("default")
            .withName("crud-gen")
            .edit(x -> new DeploymentBuilder(x).editSpec().withReplicas(3).endSpec().build());
    assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2);
    Deployment status =
        client
            .apps()
            .deployments()
            .inNamespace("default")
            .resource(
                new DeploymentBuilder(scaled)
                    .withNewStatus()
                    .withReplicas(3)
                    .withObservedGeneration(2L)
                    .endStatus()
                    .build())
            .updateStatus();
    assertThat(status.getStatus().getReplicas()).isEqualTo(3);
    assertThat(status.getMetadata().getGeneration()).isEqualTo(2);
  }

  @Test
  void labelSelectorsFilterLists() {
    client
        .configMaps()
        .inNamespace("default")
        .resource(configMap("sel-1", Map.of("tier", "web", "env", "prod")))
        .create();
    client
        .configMaps()
        .inNamespace("default")
        .resource(configMap("sel-2", Map.of("tier", "db", "env", "prod")))
        .create();
    client
        .configMaps()
        .inNamespace("default")
        .resource(configMap("sel-3", Map.of("tier", "web")))
        .create();
    assertThat(names(client.configMaps().inNamespace("default").withLabel("tier", "web").list()))
        .containsExactly("sel-1", "sel-3");
    assertThat(
            names(
                client
                    .configMaps()
                    .inNamespace("default")
                    .withLabelIn("tier", "web", "db")
                    .withLabel("env")
                    .list()))
        .containsExactly("sel-1", "sel-2");
    assertThat(
            names(
                client
                    .configMaps()
                    .inNamespace("default")
                    .withLabel("tier")
                    .withoutLabel("env")
                    .list()))
        .containsExactly("sel-3");
  }

  @Test
  void fieldSelectorsFilterLists() {
    client.configMaps().inNamespace("default").resource(configMap("fs-1", Map.of())).create();
    assertThat(
            names(
                client
                    .configMaps()
                    .inNamespace("default")
                    .withField("metadata.name", "fs-1")
                    .list()))
        .containsExactly("fs-1");
    assertThatThrownBy(
            () -> client.configMaps().inNamespace("default").withField("spec.nope", "x").list())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
  }

  @Test
  void paginationIsConsistentSnapshot() {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("paging").endMetadata().build())
        .create();
    for (int i = 0; i < 25; i++) {
      client
          .configMaps()
          .inNamespace("paging")
          .resource(configMap(String.format("p-%02d", i), Map.of()))
          .create();
    }
    ConfigMapList first =
        client
            .configMaps()
            .inNamespace("paging")
            .list(new ListOptionsBuilder().withLimit(10L).build());
    assertThat(first.getItems()).hasSize(10);
    assertThat(first.getMetadata().getRemainingItemCount()).isEqualTo(15);
    // a write between pages is not seen by the continued listing
    client.configMaps().inNamespace("paging").resource(configMap("p-zz", Map.of())).create();
    ConfigMapList second =
        client
            .configMaps()
            .inNamespace("paging")
            .list(
                new ListOptionsBuilder()
                    .withLimit(10L)
                    .withContinue(first.getMetadata().getContinue())
                    .build());
    ConfigMapList third =
        client
            .configMaps()
            .inNamespace("paging")
            .list(
                new ListOptionsBuilder()
                    .withLimit(10L)
                    .withContinue(second.getMetadata().getContinue())
                    .build());
    assertThat(third.getItems()).hasSize(5);
    assertThat(third.getMetadata().getContinue()).isNullOrEmpty();
    assertThat(second.getMetadata().getResourceVersion())
        .isEqualTo(first.getMetadata().getResourceVersion());
    assertThat(third.getMetadata().getResourceVersion())
        .isEqualTo(first.getMetadata().getResourceVersion());
    assertThat(names(third)).doesNotContain("p-zz");
  }

  @Test
  void podsStartPendingAndUnscheduledPodsDeleteAtOnce() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("crud-pod")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("c")
            .withImage("busybox")
            .endContainer()
            .endSpec()
            .build();
    Pod created = client.pods().inNamespace("default").resource(pod).create();
    assertThat(created.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(created.getSpec().getRestartPolicy()).isEqualTo("Always");
    client.pods().inNamespace("default").withName("crud-pod").delete();
    assertThat(client.pods().inNamespace("default").withName("crud-pod").get()).isNull();
  }

  @Test
  void namespaceDeletionMarksTerminatingAndBlocksNewContent() {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("doomed").endMetadata().build())
        .create();
    client.namespaces().withName("doomed").delete();
    Namespace ns = client.namespaces().withName("doomed").get();
    assertThat(ns.getStatus().getPhase()).isEqualTo("Terminating");
    assertThat(ns.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace("doomed")
                    .resource(configMap("x", Map.of()))
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  @Test
  void systemNamespacesCannotBeDeleted() {
    assertThatThrownBy(() -> client.namespaces().withName("kube-system").delete())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  @Test
  void scaleSubresourceReadsAndWritesReplicas() throws Exception {
    Deployment d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("crud-scale")
            .endMetadata()
            .withNewSpec()
            .withReplicas(2)
            .withNewSelector()
            .addToMatchLabels("app", "s")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "s")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("c")
            .withImage("nginx")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.apps().deployments().inNamespace("default").resource(d).create();
    ServerFixture.Raw scale =
        fixture.request(
            "GET", "/apis/apps/v1/namespaces/default/deployments/crud-scale/scale", null, null);
    assertThat(scale.code()).isEqualTo(200);
    assertThat(scale.body())
        .contains("\"kind\":\"Scale\"")
        .contains("\"apiVersion\":\"autoscaling/v1\"")
        .contains("\"replicas\":2")
        .contains("\"selector\":\"app=s\"");
    client.apps().deployments().inNamespace("default").withName("crud-scale").scale(5);
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("default")
                .withName("crud-scale")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(5);
    ServerFixture.Raw patched =
        fixture.request(
            "PATCH", "/apis/apps/v1/namespaces/default/deployments/crud-scale/scale",
            "application/merge-patch+json", "{\"spec\":{\"replicas\":1}}");
    assertThat(patched.code()).isEqualTo(200);
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("default")
                .withName("crud-scale")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(1);
  }

  @Test
  void bindingAssignsANodeOnce() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("crud-bind")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("c")
            .withImage("busybox")
            .endContainer()
            .endSpec()
            .build();
    client.pods().inNamespace("default").resource(pod).create();
    String binding =
        "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"crud-bind\"},\"target\":{\"kind\":\"Node\",\"name\":\"node-1\"}}";
    ServerFixture.Raw first =
        fixture.request(
            "POST",
            "/api/v1/namespaces/default/pods/crud-bind/binding",
            "application/json",
            binding);
    assertThat(first.code()).isEqualTo(201);
    Pod bound = client.pods().inNamespace("default").withName("crud-bind").get();
    assertThat(bound.getSpec().getNodeName()).isEqualTo("node-1");
    assertThat(bound.getStatus().getConditions())
        .anyMatch(c -> c.getType().equals("PodScheduled") && c.getStatus().equals("True"));
    ServerFixture.Raw second =
        fixture.request(
            "POST",
            "/api/v1/namespaces/default/pods/crud-bind/binding",
            "application/json",
            binding);
    assertThat(second.code()).isEqualTo(409);
    // a bound pod waits for its node to confirm the deletion
    client.pods().inNamespace("default").withName("crud-bind").delete();
    Pod terminating = client.pods().inNamespace("default").withName("crud-bind").get();
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
    client.pods().inNamespace("default").withName("crud-bind").withGracePeriod(0).delete();
    assertThat(client.pods().inNamespace("default").withName("crud-bind").get()).isNull();
  }

  @Test
  void finalizeRemovesATerminatingNamespace() {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("finalize-me").endMetadata().build())
        .create();
    client.namespaces().withName("finalize-me").delete();
    assertThat(client.namespaces().withName("finalize-me").get().getStatus().getPhase())
        .isEqualTo("Terminating");
    ServerFixture.Raw raw =
        fixture.request(
            "PUT",
            "/api/v1/namespaces/finalize-me/finalize",
            "application/json",
            "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"finalize-me\"},\"spec\":{\"finalizers\":[]}}");
    assertThat(raw.code()).isEqualTo(200);
    assertThat(client.namespaces().withName("finalize-me").get()).isNull();
  }

  @Test
  void eventsExpireAfterAnHour() {
    java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
        new java.util.concurrent.atomic.AtomicReference<>(
            java.time.Instant.parse("2030-01-01T00:00:00Z"));
    try (ServerFixture timed = ServerFixture.start(c -> c.withClock(now::get))) {
      io.fabric8.kubernetes.api.model.Event event =
          new io.fabric8.kubernetes.api.model.EventBuilder()
              .withNewMetadata()
              .withName("ev-1")
              .endMetadata()
              .withNewInvolvedObject()
              .withKind("Pod")
              .withName("p")
              .withNamespace("default")
              .endInvolvedObject()
              .withReason("Tested")
              .withMessage("hello")
              .withType("Normal")
              .build();
      timed.client.v1().events().inNamespace("default").resource(event).create();
      now.set(now.get().plusSeconds(3599));
      org.awaitility.Awaitility.await()
          .during(java.time.Duration.ofMillis(1500))
          .atMost(java.time.Duration.ofSeconds(5))
          .until(
              () ->
                  timed.client.v1().events().inNamespace("default").withName("ev-1").get() != null);
      now.set(now.get().plusSeconds(2));
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .until(
              () ->
                  timed.client.v1().events().inNamespace("default").withName("ev-1").get() == null);
    }
  }

  @Test
  void strategicMergePatchMergesContainersByName() {
    Deployment d =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("crud-smp")
            .endMetadata()
            .withNewSpec()
            .withNewSelector()
            .addToMatchLabels("app", "smp")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "smp")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("a")
            .withImage("nginx:1")
            .addNewEnv()
            .withName("X")
            .withValue("1")
            .endEnv()
            .endContainer()
            .addNewContainer()
            .withName("b")
            .withImage("redis:1")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.apps().deployments().inNamespace("default").resource(d).create();
    Deployment patched =
        client
            .apps()
            .deployments()
            .inNamespace("default")
            .withName("crud-smp")
            .patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"nginx:2\",\"env\":[{\"name\":\"Y\",\"value\":\"2\"}]}]}}}}");
    var containers = patched.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers)
        .extracting(c -> c.getName() + "=" + c.getImage())
        .containsExactly("a=nginx:2", "b=redis:1");
    assertThat(containers.get(0).getEnv())
        .extracting(e -> e.getName())
        .containsExactlyInAnyOrder("X", "Y");
    assertThat(patched.getMetadata().getGeneration()).isEqualTo(2);
  }

  @Test
  void unknownFieldsWarnByDefaultAndAreDropped() {
    ServerFixture.Raw raw =
        fixture.request(
            "POST",
            "/api/v1/namespaces/default/configmaps",
            "application/json",
            "{\"metadata\":{\"name\":\"crud-warn\",\"colour\":\"red\"},\"data\":{\"a\":\"b\"},\"bogus\":1}");
    assertThat(raw.code()).isEqualTo(201);
    assertThat(raw.warnings())
        .containsExactlyInAnyOrder(
            "299 - \"unknown field \\\"bogus\\\"\"",
            "299 - \"unknown field \\\"metadata.colour\\\"\"");
    assertThat(raw.body()).doesNotContain("bogus").doesNotContain("colour");
  }

  @Test
  void deleteCollectionHonoursSelectors() {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("bulk").endMetadata().build())
        .create();
    for (int i = 0; i < 6; i++) {
      client
          .configMaps()
          .inNamespace("bulk")
          .resource(configMap("b" + i, Map.of("group", i % 2 == 0 ? "even" : "odd")))
          .create();
    }
    ServerFixture.Raw raw =
        fixture.request(
            "DELETE", "/api/v1/namespaces/bulk/configmaps?labelSelector=group%3Deven", null, null);
    assertThat(raw.code()).isEqualTo(200);
    assertThat(raw.body()).contains("\"kind\":\"ConfigMapList\"");
    assertThat(names(client.configMaps().inNamespace("bulk").list()))
        .containsExactly("b1", "b3", "b5");
  }

  @Test
  void tablesForKubectl() throws Exception {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("crud-table")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("c")
            .withImage("busybox")
            .endContainer()
            .endSpec()
            .build();
    client.pods().inNamespace("default").resource(pod).create();
    String accept =
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    ServerFixture.Raw raw =
        fixture.request(
            "GET",
            "/api/v1/namespaces/default/pods?limit=500",
            null,
            null,
            Map.of("Accept", accept));
    com.fasterxml.jackson.databind.JsonNode table =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(raw.body());
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(table.path("columnDefinitions").findValuesAsText("name"))
        .startsWith("Name", "Ready", "Status", "Restarts", "Age", "IP", "Node");
    com.fasterxml.jackson.databind.JsonNode row = null;
    for (com.fasterxml.jackson.databind.JsonNode r : table.path("rows")) {
      if (r.path("cells").get(0).asText().equals("crud-table")) {
        row = r;
      }
    }
    assertThat(row).isNotNull();
    assertThat(row.path("cells").get(1).asText()).isEqualTo("0/1");
    assertThat(row.path("cells").get(2).asText()).isEqualTo("Pending");
    assertThat(row.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(row.path("object").path("metadata").path("name").asText()).isEqualTo("crud-table");
    ServerFixture.Raw partial =
        fixture.request(
            "GET",
            "/api/v1/namespaces/default/pods",
            null,
            null,
            Map.of(
                "Accept",
                "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"));
    assertThat(partial.body())
        .contains("\"kind\":\"PartialObjectMetadataList\"")
        .doesNotContain("\"containers\"");
  }

  private static List<String> names(ConfigMapList list) {
    return list.getItems().stream().map(c -> c.getMetadata().getName()).toList();
  }
}
