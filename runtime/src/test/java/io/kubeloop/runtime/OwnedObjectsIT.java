package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.KubeApiServer;
import io.kubeloop.runtime.OwnedObjects.Operation;
import io.kubeloop.runtime.OwnedObjects.Result;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OwnedObjectsIT {

  static final String NS = "owned";

  static KubeApiServer server;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    server =
        KubeApiServer.start(
            ApiServerConfig.defaults(Files.createTempDirectory("kubeloop-owned-it"))
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

  static ConfigMap owner(String name) {
    return client
        .configMaps()
        .inNamespace(NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(NS)
                .withName(name)
                .endMetadata()
                .build())
        .create();
  }

  static ConfigMap named(String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(NS)
        .withName(name)
        .endMetadata()
        .build();
  }

  static ConfigMap get(String name) {
    return client.configMaps().inNamespace(NS).withName(name).get();
  }

  static void desired(ConfigMap cm, String value) {
    if (cm.getData() == null) {
      cm.setData(new HashMap<>());
    }
    cm.getData().put("k", value);
    if (cm.getMetadata().getLabels() == null) {
      cm.getMetadata().setLabels(new HashMap<>());
    }
    cm.getMetadata().getLabels().put("app", "demo");
  }

  @Test
  void createdThenUnchangedThenUpdated() {
    ConfigMap owner = owner("owner");
    ConfigMap key = named("child");

    Result<ConfigMap> created =
        OwnedObjects.createOrUpdate(client, owner, key, c -> desired(c, "1"));
    assertThat(created.operation()).isEqualTo(Operation.CREATED);
    assertThat(created.object().getData()).containsEntry("k", "1");
    assertThat(key.getData()).as("the caller's object").isNullOrEmpty();
    OwnerReference ref = created.object().getMetadata().getOwnerReferences().getFirst();
    assertThat(ref.getApiVersion()).isEqualTo("v1");
    assertThat(ref.getKind()).isEqualTo("ConfigMap");
    assertThat(ref.getName()).isEqualTo("owner");
    assertThat(ref.getUid()).isEqualTo(owner.getMetadata().getUid());
    assertThat(ref.getController()).isTrue();
    assertThat(ref.getBlockOwnerDeletion()).isTrue();
    assertThat(get("child").getMetadata().getOwnerReferences()).containsExactly(ref);

    Result<ConfigMap> same = OwnedObjects.createOrUpdate(client, owner, key, c -> desired(c, "1"));
    assertThat(same.operation()).isEqualTo(Operation.UNCHANGED);
    assertThat(same.object().getMetadata().getResourceVersion())
        .isEqualTo(created.object().getMetadata().getResourceVersion());
    assertThat(get("child").getMetadata().getResourceVersion())
        .isEqualTo(created.object().getMetadata().getResourceVersion());

    Result<ConfigMap> updated =
        OwnedObjects.createOrUpdate(client, owner, key, c -> desired(c, "2"));
    assertThat(updated.operation()).isEqualTo(Operation.UPDATED);
    assertThat(updated.object().getData()).containsEntry("k", "2");
    assertThat(get("child").getData()).containsEntry("k", "2");
    assertThat(get("child").getMetadata().getOwnerReferences()).containsExactly(ref);
  }

  @Test
  void anExistingObjectWithoutAControllerIsAdopted() {
    ConfigMap owner = owner("adopter");
    client.configMaps().inNamespace(NS).resource(named("orphan")).create();
    Result<ConfigMap> r = OwnedObjects.createOrUpdate(client, owner, named("orphan"), c -> {});
    assertThat(r.operation()).isEqualTo(Operation.UPDATED);
    assertThat(OwnedObjects.isControlledBy(get("orphan"), owner)).isTrue();
  }

  @Test
  void anObjectControlledByAnotherOwnerIsRefusedAndLeftAlone() {
    ConfigMap first = owner("first");
    ConfigMap second = owner("second");
    OwnedObjects.createOrUpdate(client, first, named("taken"), c -> desired(c, "first"));
    String rv = get("taken").getMetadata().getResourceVersion();

    assertThatThrownBy(
            () ->
                OwnedObjects.createOrUpdate(
                    client, second, named("taken"), c -> desired(c, "second")))
        .isInstanceOfSatisfying(
            OwnedObjects.AlreadyOwnedException.class,
            e -> assertThat(e.controller().getUid()).isEqualTo(first.getMetadata().getUid()))
        .hasMessage("ConfigMap owned/taken is already owned by another ConfigMap controller first");
    assertThat(get("taken").getMetadata().getResourceVersion()).isEqualTo(rv);
    assertThat(get("taken").getData()).containsEntry("k", "first");
  }

  @Test
  void theNamespaceDefaultsToTheOwners() {
    ConfigMap owner = owner("ns-owner");
    Secret noNamespace =
        new SecretBuilder().withNewMetadata().withName("secret").endMetadata().build();
    Result<Secret> r =
        OwnedObjects.createOrUpdate(
            client, owner, noNamespace, s -> s.setStringData(Map.of("password", "x")));
    assertThat(r.operation()).isEqualTo(Operation.CREATED);
    assertThat(r.object().getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(client.secrets().inNamespace(NS).withName("secret").get()).isNotNull();
  }

  @Test
  void aConcurrentChangeIsRereadAndTheMutationReapplied() {
    ConfigMap owner = owner("racer");
    OwnedObjects.createOrUpdate(client, owner, named("raced"), c -> desired(c, "1"));
    AtomicInteger calls = new AtomicInteger();
    Result<ConfigMap> r =
        OwnedObjects.createOrUpdate(
            client,
            owner,
            named("raced"),
            c -> {
              if (calls.incrementAndGet() == 1) {
                // someone else writes between our read and our update
                client
                    .configMaps()
                    .inNamespace(NS)
                    .withName("raced")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"other\":\"x\"}}");
              }
              desired(c, "2");
            });
    assertThat(calls).hasValue(2);
    assertThat(r.operation()).isEqualTo(Operation.UPDATED);
    assertThat(get("raced").getData()).containsEntry("k", "2").containsEntry("other", "x");
  }

  @Test
  void aConcurrentCreateIsSeenAsAnUpdate() {
    ConfigMap owner = owner("creator");
    AtomicInteger calls = new AtomicInteger();
    Result<ConfigMap> r =
        OwnedObjects.createOrUpdate(
            client,
            owner,
            named("contested"),
            c -> {
              if (calls.incrementAndGet() == 1) {
                client.configMaps().inNamespace(NS).resource(named("contested")).create();
              }
              desired(c, "mine");
            });
    assertThat(calls).hasValue(2);
    assertThat(r.operation()).isEqualTo(Operation.UPDATED);
    assertThat(get("contested").getData()).containsEntry("k", "mine");
  }

  @Test
  void renamingInTheMutationIsAMistake() {
    ConfigMap owner = owner("renamer");
    assertThatThrownBy(
            () ->
                OwnedObjects.createOrUpdate(
                    client, owner, named("renamed"), c -> c.getMetadata().setName("other")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must not change the name or namespace");
  }

  @Test
  void givingUpAfterBoundedConflicts() {
    ConfigMap owner = owner("loser");
    OwnedObjects.createOrUpdate(client, owner, named("lost"), c -> desired(c, "1"));
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                OwnedObjects.createOrUpdate(
                    client,
                    owner,
                    named("lost"),
                    c -> {
                      client
                          .configMaps()
                          .inNamespace(NS)
                          .withName("lost")
                          .patch(
                              PatchContext.of(PatchType.JSON_MERGE),
                              "{\"data\":{\"n\":\"" + calls.incrementAndGet() + "\"}}");
                      desired(c, "2");
                    },
                    2))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409))
        .hasMessageStartingWith(
            "gave up creating or updating ConfigMap owned/lost after 2 attempts");
    assertThat(calls).hasValue(2);
  }
}
