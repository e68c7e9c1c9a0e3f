package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.KubeApiServer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StatusUpdatesIT {

  static final String NS = "status";

  public static final class WidgetSpec {
    public int size;
  }

  public static final class WidgetStatus {
    public Long observedGeneration;
    public String phase;
  }

  @Group("test.kubeloop.io")
  @Version("v1")
  public static final class Widget extends CustomResource<WidgetSpec, WidgetStatus>
      implements Namespaced {}

  static KubeApiServer server;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    server =
        KubeApiServer.start(
            ApiServerConfig.defaults(Files.createTempDirectory("kubeloop-status-it"))
                .withStorage(ApiServerConfig.StorageKind.MEMORY));
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(server.kubeconfig())))
            .build();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    CustomResourceDefinition crd =
        new CustomResourceDefinitionBuilder()
            .withNewMetadata()
            .withName("widgets.test.kubeloop.io")
            .endMetadata()
            .withNewSpec()
            .withGroup("test.kubeloop.io")
            .withScope("Namespaced")
            .withNewNames()
            .withKind("Widget")
            .withPlural("widgets")
            .withSingular("widget")
            .endNames()
            .addNewVersion()
            .withName("v1")
            .withServed(true)
            .withStorage(true)
            .withNewSubresources()
            .withNewStatus()
            .endStatus()
            .endSubresources()
            .withNewSchema()
            .withOpenAPIV3Schema(
                new JSONSchemaPropsBuilder()
                    .withType("object")
                    .addToProperties(
                        "spec",
                        new JSONSchemaPropsBuilder()
                            .withType("object")
                            .withXKubernetesPreserveUnknownFields(true)
                            .build())
                    .addToProperties(
                        "status",
                        new JSONSchemaPropsBuilder()
                            .withType("object")
                            .withXKubernetesPreserveUnknownFields(true)
                            .build())
                    .build())
            .endSchema()
            .endVersion()
            .endSpec()
            .build();
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .ignoreExceptions()
        .until(
            () -> {
              client.resources(Widget.class).inNamespace(NS).list();
              return true;
            });
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

  static Widget create(String name, int size) {
    Widget w = new Widget();
    w.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(name).build());
    w.setSpec(new WidgetSpec());
    w.getSpec().size = size;
    return client.resources(Widget.class).inNamespace(NS).resource(w).create();
  }

  /** An unconditional spec change by someone else: a new generation and resourceVersion. */
  static void resize(String name, int size) {
    client
        .resources(Widget.class)
        .inNamespace(NS)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"size\":" + size + "}}");
  }

  static Widget get(String name) {
    return client.resources(Widget.class).inNamespace(NS).withName(name).get();
  }

  static void observe(Widget w) {
    if (w.getStatus() == null) {
      w.setStatus(new WidgetStatus());
    }
    w.getStatus().observedGeneration = w.getMetadata().getGeneration();
    w.getStatus().phase = "Ready";
  }

  @Test
  void aConflictRereadsAndReappliesTheMutation() {
    Widget stale = create("conflict", 1);
    resize("conflict", 2);
    AtomicInteger calls = new AtomicInteger();

    Widget updated =
        StatusUpdates.update(
            client,
            stale,
            w -> {
              calls.incrementAndGet();
              observe(w);
            });

    assertThat(calls).hasValue(2);
    assertThat(updated.getStatus().observedGeneration).isEqualTo(2L);
    assertThat(updated.getSpec().size).isEqualTo(2);
    assertThat(stale.getStatus()).as("the caller's copy").isNull();
    Widget stored = get("conflict");
    assertThat(stored.getStatus().phase).isEqualTo("Ready");
    assertThat(stored.getSpec().size).isEqualTo(2);
  }

  @Test
  void aConflictingWriterDuringTheUpdateIsRetried() {
    Widget w = create("racing", 1);
    AtomicInteger calls = new AtomicInteger();
    Widget updated =
        StatusUpdates.update(
            client,
            w,
            copy -> {
              if (calls.incrementAndGet() == 1) {
                resize("racing", 5); // lands between our read and our write
              }
              observe(copy);
            });
    assertThat(calls).hasValue(2);
    assertThat(updated.getStatus().observedGeneration).isEqualTo(2L);
    assertThat(updated.getSpec().size).isEqualTo(5);
  }

  @Test
  void anUnchangedStatusIsNotWritten() {
    Widget w = StatusUpdates.update(client, create("same", 1), StatusUpdatesIT::observe);
    String rv = w.getMetadata().getResourceVersion();
    Widget again = StatusUpdates.update(client, w, StatusUpdatesIT::observe);
    assertThat(again).isSameAs(w);
    assertThat(get("same").getMetadata().getResourceVersion()).isEqualTo(rv);
  }

  @Test
  void givingUpSaysWhy() {
    Widget stale = create("contended", 1);
    resize("contended", 2);
    assertThatThrownBy(() -> StatusUpdates.update(client, stale, StatusUpdatesIT::observe, 1))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409))
        .hasMessageStartingWith(
            "gave up updating the status of Widget status/contended after 1 attempts");
  }

  @Test
  void aMissingObjectIsNotFound() {
    Widget w = create("missing", 1);
    client.resource(w).delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> get("missing") == null);
    assertThatThrownBy(() -> StatusUpdates.update(client, w, StatusUpdatesIT::observe))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void aReconcilersRoundOnACustomResource() {
    // the usual order: make sure of the finalizer, then report what was observed
    Widget w = Finalizers.add(client, create("round", 3), "test.kubeloop.io/cleanup");
    assertThat(w.getMetadata().getFinalizers()).containsExactly("test.kubeloop.io/cleanup");
    Widget observed = StatusUpdates.update(client, w, StatusUpdatesIT::observe);
    assertThat(observed.getStatus().phase).isEqualTo("Ready");
    assertThat(observed.getMetadata().getFinalizers()).containsExactly("test.kubeloop.io/cleanup");

    client.resource(observed).delete();
    Widget deleting = get("round");
    assertThat(deleting.isMarkedForDeletion()).isTrue();
    Finalizers.remove(client, deleting, "test.kubeloop.io/cleanup");
    await().atMost(Duration.ofSeconds(10)).until(() -> get("round") == null);
  }

  @Test
  void builtInStatusWithABuilder() {
    Deployment d =
        client
            .apps()
            .deployments()
            .inNamespace(NS)
            .resource(
                new DeploymentBuilder()
                    .withNewMetadata()
                    .withNamespace(NS)
                    .withName("web")
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(2)
                    .withNewSelector()
                    .addToMatchLabels("app", "web")
                    .endSelector()
                    .withNewTemplate()
                    .withNewMetadata()
                    .addToLabels("app", "web")
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("web")
                    .withImage("nginx")
                    .endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build())
            .create();

    Deployment updated =
        StatusUpdates.updateWith(
            client,
            d,
            dep ->
                new DeploymentBuilder(dep)
                    .withStatus(
                        new DeploymentStatusBuilder()
                            .withObservedGeneration(dep.getMetadata().getGeneration())
                            .withReplicas(2)
                            .withReadyReplicas(1)
                            .build())
                    .build());

    assertThat(updated.getStatus().getReadyReplicas()).isEqualTo(1);
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("web")
                .get()
                .getStatus()
                .getReplicas())
        .isEqualTo(2);
    // a spec change in the mutation is not written through the status subresource
    Deployment specOnly =
        StatusUpdates.update(
            client,
            updated,
            dep -> {
              dep.getSpec().setReplicas(9);
              dep.getStatus().setReadyReplicas(2);
            });
    assertThat(specOnly.getSpec().getReplicas()).isEqualTo(2);
    assertThat(specOnly.getStatus().getReadyReplicas()).isEqualTo(2);
  }
}
