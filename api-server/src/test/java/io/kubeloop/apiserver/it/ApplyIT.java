package io.kubeloop.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Server-side apply and managedFields through the Fabric8 client, raw requests and kubectl (whose
 * tests are skipped where no kubectl is installed; {@code -Dkubeloop.kubectl=/path} picks one).
 */
class ApplyIT {

  static final String APPLY = "application/apply-patch+yaml";
  static final ObjectMapper JSON = new ObjectMapper();

  static ServerFixture fixture;
  static KubernetesClient client;

  /** For raw requests: Fabric8 retries 5xx answers, which some of these requests get. */
  static KubernetesClient once;

  @BeforeAll
  static void start() throws Exception {
    fixture = ServerFixture.start();
    client = fixture.client;
    Config config = Config.fromKubeconfig(Files.readString(fixture.server.kubeconfig()));
    config.setRequestRetryBackoffLimit(0);
    once = new KubernetesClientBuilder().withConfig(config).build();
  }

  @AfterAll
  static void stop() {
    once.close();
    fixture.close();
  }

  private static List<String> managers(List<ManagedFieldsEntry> entries) {
    List<String> out = new ArrayList<>();
    for (ManagedFieldsEntry e : entries) {
      out.add(
          e.getManager()
              + "/"
              + e.getOperation()
              + (e.getSubresource() == null ? "" : "/" + e.getSubresource()));
    }
    return out;
  }

  private static ServerFixture.Raw patch(String path, String contentType, String body) {
    HttpClient http = once.getHttpClient();
    HttpRequest request =
        http.newHttpRequestBuilder()
            .uri(fixture.server.url() + path)
            .method("PATCH", contentType, body)
            .build();
    try {
      HttpResponse<byte[]> response =
          http.sendAsync(request, byte[].class).get(20, TimeUnit.SECONDS);
      byte[] bytes = response.body();
      return new ServerFixture.Raw(
          response.code(),
          bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8),
          response.header("Content-Type"),
          response.headers("Warning"));
    } catch (Exception e) {
      throw new IllegalStateException("PATCH " + path + " failed: " + e, e);
    }
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  // ---------------------------------------------------------------- Fabric8

  @Test
  void fabric8ServerSideApplyCreatesAndThenUpdates() {
    ConfigMap config =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("ssa-fabric8")
            .withNamespace("default")
            .endMetadata()
            .addToData("a", "1")
            .build();
    ConfigMap created = client.resource(config).forceConflicts().serverSideApply();
    assertThat(created.getData()).containsExactly(Map.entry("a", "1"));
    assertThat(managers(created.getMetadata().getManagedFields())).containsExactly("fabric8/Apply");
    ManagedFieldsEntry entry = created.getMetadata().getManagedFields().get(0);
    assertThat(entry.getFieldsType()).isEqualTo("FieldsV1");
    assertThat(entry.getApiVersion()).isEqualTo("v1");
    assertThat(entry.getTime()).isNotBlank();
    assertThat(Serialization.asJson(entry.getFieldsV1())).isEqualTo("{\"f:data\":{\"f:a\":{}}}");

    config.setData(Map.of("b", "2"));
    ConfigMap updated = client.resource(config).forceConflicts().serverSideApply();
    // a was only this manager's: it goes when no longer applied
    assertThat(updated.getData()).containsExactly(Map.entry("b", "2"));
  }

  @Test
  void fabric8CreatesAndUpdatesAreRecordedUnderItsUserAgent() {
    ConfigMap created =
        client
            .configMaps()
            .inNamespace("default")
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("tracked")
                    .endMetadata()
                    .addToData("k", "v")
                    .build())
            .create();
    assertThat(managers(created.getMetadata().getManagedFields()))
        .containsExactly("fabric8-kubernetes-client/Update");
    ConfigMap read = client.configMaps().inNamespace("default").withName("tracked").get();
    assertThat(read).isEqualTo(created);

    ConfigMap edited =
        client
            .configMaps()
            .inNamespace("default")
            .withName("tracked")
            .edit(
                c -> {
                  c.getData().put("k2", "v2");
                  return c;
                });
    assertThat(managers(edited.getMetadata().getManagedFields()))
        .containsExactly("fabric8-kubernetes-client/Update");
    assertThat(Serialization.asJson(edited.getMetadata().getManagedFields().get(0).getFieldsV1()))
        .isEqualTo("{\"f:data\":{\".\":{},\"f:k\":{},\"f:k2\":{}}}");
  }

  @Test
  void fabric8ConflictsAndForce() {
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("ssa-web")
            .withNamespace("default")
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
            .withImage("nginx:1")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.resource(deployment).fieldManager("owner").serverSideApply();

    Deployment scaled =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("ssa-web")
            .withNamespace("default")
            .endMetadata()
            .withNewSpec()
            .withReplicas(5)
            .endSpec()
            .build();
    assertThatThrownBy(() -> client.resource(scaled).fieldManager("scaler").serverSideApply())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(409);
              assertThat(e.getStatus().getReason()).isEqualTo("Conflict");
              assertThat(e.getStatus().getMessage())
                  .isEqualTo(
                      "Apply failed with 1 conflict: conflict with \"owner\": .spec.replicas");
              assertThat(e.getStatus().getDetails().getCauses())
                  .singleElement()
                  .satisfies(
                      c -> {
                        assertThat(c.getReason()).isEqualTo("FieldManagerConflict");
                        assertThat(c.getField()).isEqualTo(".spec.replicas");
                        assertThat(c.getMessage()).isEqualTo("conflict with \"owner\"");
                      });
            });

    Deployment forced =
        client.resource(scaled).fieldManager("scaler").forceConflicts().serverSideApply();
    assertThat(forced.getSpec().getReplicas()).isEqualTo(5);
    assertThat(forced.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
    assertThat(managers(forced.getMetadata().getManagedFields()))
        .containsExactly("owner/Apply", "scaler/Apply");

    // the owner re-applying without replicas leaves the scaler's replicas alone
    deployment.getSpec().setReplicas(null);
    Deployment reapplied = client.resource(deployment).fieldManager("owner").serverSideApply();
    assertThat(reapplied.getSpec().getReplicas()).isEqualTo(5);
  }

  // ---------------------------------------------------------------- raw requests

  @Test
  void applyNeedsAFieldManagerAndForceNeedsApply() throws Exception {
    ServerFixture.Raw missing =
        patch(
            "/api/v1/namespaces/default/configmaps/x",
            APPLY,
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
    assertThat(missing.code()).isEqualTo(422);
    JsonNode status = json(missing.body());
    assertThat(status.path("reason").asText()).isEqualTo("Invalid");
    assertThat(status.path("message").asText())
        .isEqualTo(
            "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required"
                + " for apply patch");

    ServerFixture.Raw forced =
        patch(
            "/api/v1/namespaces/default/configmaps/x?force=true",
            "application/merge-patch+json",
            "{}");
    assertThat(forced.code()).isEqualTo(422);
    assertThat(json(forced.body()).path("message").asText())
        .isEqualTo(
            "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for"
                + " non-apply patch");
  }

  @Test
  void applyChecksTypeNameAndSchema() throws Exception {
    ServerFixture.Raw wrongKind =
        patch(
            "/api/v1/namespaces/default/configmaps/x?fieldManager=m",
            APPLY,
            "apiVersion: v1\nkind: Secret\nmetadata: {name: x}\n");
    assertThat(wrongKind.code()).isEqualTo(400);
    assertThat(json(wrongKind.body()).path("message").asText())
        .isEqualTo("invalid object type: /v1, Kind=Secret");

    ServerFixture.Raw wrongName =
        patch(
            "/api/v1/namespaces/default/configmaps/x?fieldManager=m",
            APPLY,
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: y}\n");
    assertThat(wrongName.code()).isEqualTo(400);
    assertThat(json(wrongName.body()).path("message").asText())
        .isEqualTo("the name of the object (y) does not match the name on the URL (x)");

    ServerFixture.Raw unknown =
        patch(
            "/api/v1/namespaces/default/configmaps/x?fieldManager=m",
            APPLY,
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\nspec: {a: 1}\n");
    assertThat(unknown.code()).isEqualTo(500);
    assertThat(json(unknown.body()).path("message").asText())
        .isEqualTo(
            "failed to create typed patch object (/x; /v1, Kind=ConfigMap): .spec: field not"
                + " declared in schema");
  }

  @Test
  void applyAcceptsJsonAndAnswers201WhenItCreates() throws Exception {
    String path = "/api/v1/namespaces/default/configmaps/json-applied?fieldManager=m";
    String body =
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"json-applied\"},\"data\":{\"a\":\"1\"}}";
    ServerFixture.Raw created = patch(path, APPLY, body);
    assertThat(created.code()).isEqualTo(201);
    ServerFixture.Raw again = patch(path, APPLY, body);
    assertThat(again.code()).isEqualTo(200);
    assertThat(json(again.body()).path("metadata").path("resourceVersion").asText())
        .isEqualTo(json(created.body()).path("metadata").path("resourceVersion").asText());
  }

  @Test
  void statusIsAppliedThroughItsSubresource() throws Exception {
    String base = "/apis/apps/v1/namespaces/default/deployments/status-web";
    String spec =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: status-web}
        spec:
          selector: {matchLabels: {app: s}}
          template:
            metadata: {labels: {app: s}}
            spec: {containers: [{name: c, image: nginx}]}
        """;
    assertThat(patch(base + "?fieldManager=owner", APPLY, spec).code()).isEqualTo(201);
    ServerFixture.Raw status =
        patch(
            base + "/status?fieldManager=controller",
            APPLY,
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: status-web}\n"
                + "status: {replicas: 3, observedGeneration: 1}\n");
    assertThat(status.code()).isEqualTo(200);
    Deployment read =
        client.apps().deployments().inNamespace("default").withName("status-web").get();
    assertThat(read.getStatus().getReplicas()).isEqualTo(3);
    // entries sort by operation, time (in seconds), then manager
    assertThat(managers(read.getMetadata().getManagedFields()))
        .containsExactlyInAnyOrder("owner/Apply", "controller/Apply/status");
    assertThat(
            patch(
                    base + "/status?fieldManager=c",
                    APPLY,
                    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nope}\n")
                .code())
        .isEqualTo(400);
  }

  @Test
  void anEmptyManagedFieldsListClearsTheRecord() throws Exception {
    client
        .configMaps()
        .inNamespace("default")
        .resource(
            new ConfigMapBuilder().withNewMetadata().withName("cleared").endMetadata().build())
        .create();
    ServerFixture.Raw cleared =
        patch(
            "/api/v1/namespaces/default/configmaps/cleared",
            "application/merge-patch+json",
            "{\"metadata\":{\"managedFields\":[]}}");
    assertThat(cleared.code()).isEqualTo(200);
    assertThat(json(cleared.body()).path("metadata").has("managedFields")).isFalse();
  }

  // ---------------------------------------------------------------- custom resources

  static final String WIDGET_CRD =
      """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata: {name: widgets.ssa.example.com}
      spec:
        group: ssa.example.com
        scope: Namespaced
        names: {plural: widgets, singular: widget, kind: Widget}
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
                  properties:
                    size: {type: integer}
                    tags: {type: array, x-kubernetes-list-type: set, items: {type: string}}
                    ports:
                      type: array
                      x-kubernetes-list-type: map
                      x-kubernetes-list-map-keys: [name]
                      items:
                        type: object
                        required: [name]
                        properties: {name: {type: string}, port: {type: integer}}
                status:
                  type: object
                  properties:
                    ready: {type: boolean}
      """;

  @Test
  void customResourcesMergeByTheirSchema() throws Exception {
    client
        .resource(
            Serialization.unmarshal(
                WIDGET_CRD,
                io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class))
        .serverSideApply();
    ResourceDefinitionContext widgets =
        new ResourceDefinitionContext.Builder()
            .withGroup("ssa.example.com")
            .withVersion("v1")
            .withPlural("widgets")
            .withKind("Widget")
            .withNamespaced(true)
            .build();
    String path = "/apis/ssa.example.com/v1/namespaces/default/widgets/w1";
    org.awaitility.Awaitility.await()
        .atMost(10, TimeUnit.SECONDS)
        .until(() -> fixture.request("GET", path, null, null).code() == 404);
    String first =
        """
        apiVersion: ssa.example.com/v1
        kind: Widget
        metadata: {name: w1}
        spec:
          size: 1
          tags: [a]
          ports: [{name: http, port: 80}]
        """;
    assertThat(patch(path + "?fieldManager=one", APPLY, first).code()).isEqualTo(201);
    String second =
        """
        apiVersion: ssa.example.com/v1
        kind: Widget
        metadata: {name: w1}
        spec:
          tags: [b]
          ports: [{name: https, port: 443}]
        """;
    assertThat(patch(path + "?fieldManager=two", APPLY, second).code()).isEqualTo(200);
    GenericKubernetesResource widget =
        client.genericKubernetesResources(widgets).inNamespace("default").withName("w1").get();
    Map<String, Object> spec = widget.get("spec");
    assertThat(spec.get("tags")).isEqualTo(List.of("a", "b"));
    assertThat((List<?>) spec.get("ports")).hasSize(2);
    assertThat(managers(widget.getMetadata().getManagedFields()))
        .containsExactly("one/Apply", "two/Apply");

    ServerFixture.Raw conflict =
        patch(
            path + "?fieldManager=two",
            APPLY,
            second.replace("{name: https, port: 443}", "{name: http, port: 8080}"));
    assertThat(conflict.code()).isEqualTo(409);
    assertThat(json(conflict.body()).path("message").asText())
        .isEqualTo(
            "Apply failed with 1 conflict: conflict with \"one\": .spec.ports[name=\"http\"].port");

    ServerFixture.Raw status =
        patch(
            path + "/status?fieldManager=ctl",
            APPLY,
            "apiVersion: ssa.example.com/v1\nkind: Widget\nmetadata: {name: w1}\nstatus: {ready: true}\n");
    assertThat(status.code()).isEqualTo(200);
    JsonNode ctl = null;
    for (JsonNode entry : json(status.body()).path("metadata").path("managedFields")) {
      if (entry.path("manager").asText().equals("ctl")) {
        ctl = entry;
      }
    }
    assertThat(ctl).isNotNull();
    assertThat(ctl.path("subresource").asText()).isEqualTo("status");
    assertThat(ctl.path("fieldsV1").toString()).isEqualTo("{\"f:status\":{\"f:ready\":{}}}");
  }

  // ---------------------------------------------------------------- kubectl

  private static List<String> kubectl(String... args) throws Exception {
    String kubectl = System.getProperty("kubeloop.kubectl", "/usr/bin/kubectl");
    assumeThat(new File(kubectl).canExecute()).as("kubectl is not installed").isTrue();
    List<String> command = new ArrayList<>();
    command.add(kubectl);
    command.add("--kubeconfig=" + fixture.server.kubeconfig());
    command.addAll(List.of(args));
    return command;
  }

  private static String run(List<String> command, int expectedExit) throws Exception {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish");
    }
    assertThat(process.exitValue()).as(output).isEqualTo(expectedExit);
    return output.strip();
  }

  private static Path manifest(String name, String yaml) throws Exception {
    Path file = fixture.dir.resolve(name);
    Files.writeString(file, yaml);
    return file;
  }

  static final String KUBECTL_DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: %s
        namespace: default
      spec:
        replicas: %d
        selector: {matchLabels: {app: %s}}
        template:
          metadata: {labels: {app: %s}}
          spec:
            containers:
            - name: web
              image: nginx:%s
      """;

  private static String deployment(String name, int replicas, String tag) {
    return KUBECTL_DEPLOYMENT.formatted(name, replicas, name, name, tag);
  }

  @Test
  void kubectlServerSideApply() throws Exception {
    Path file = manifest("ssa.yaml", deployment("kubectl-ssa", 1, "1"));
    assertThat(run(kubectl("apply", "--server-side", "-f", file.toString()), 0))
        .contains("deployment.apps/kubectl-ssa serverside-applied");
    Deployment created =
        client.apps().deployments().inNamespace("default").withName("kubectl-ssa").get();
    assertThat(managers(created.getMetadata().getManagedFields())).containsExactly("kubectl/Apply");

    manifest("ssa.yaml", deployment("kubectl-ssa", 3, "2"));
    run(kubectl("apply", "--server-side", "-f", file.toString()), 0);
    Deployment updated =
        client.apps().deployments().inNamespace("default").withName("kubectl-ssa").get();
    assertThat(updated.getSpec().getReplicas()).isEqualTo(3);
    assertThat(updated.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("nginx:2");

    // another manager changing replicas conflicts; --force-conflicts takes over
    run(kubectl("scale", "deployment/kubectl-ssa", "--replicas=4"), 0);
    String conflict = run(kubectl("apply", "--server-side", "-f", file.toString()), 1);
    assertThat(conflict).contains("Apply failed with 1 conflict").contains(".spec.replicas");
    run(kubectl("apply", "--server-side", "--force-conflicts", "-f", file.toString()), 0);
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("default")
                .withName("kubectl-ssa")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(3);
  }

  @Test
  void kubectlClientSideApplyKeepsWorkingAndMigratesToServerSide() throws Exception {
    Path file = manifest("csa.yaml", deployment("kubectl-csa", 1, "1"));
    assertThat(run(kubectl("apply", "-f", file.toString()), 0))
        .contains("deployment.apps/kubectl-csa created");
    Deployment created =
        client.apps().deployments().inNamespace("default").withName("kubectl-csa").get();
    assertThat(managers(created.getMetadata().getManagedFields()))
        .containsExactly("kubectl-client-side-apply/Update");

    manifest("csa.yaml", deployment("kubectl-csa", 2, "1"));
    assertThat(run(kubectl("apply", "-f", file.toString()), 0))
        .contains("deployment.apps/kubectl-csa configured");

    // kubectl takes over what client-side apply set, even where values change
    manifest("csa.yaml", deployment("kubectl-csa", 3, "2"));
    run(kubectl("apply", "--server-side", "-f", file.toString()), 0);
    Deployment migrated =
        client.apps().deployments().inNamespace("default").withName("kubectl-csa").get();
    assertThat(migrated.getSpec().getReplicas()).isEqualTo(3);
    assertThat(managers(migrated.getMetadata().getManagedFields())).contains("kubectl/Apply");
    assertThat(migrated.getMetadata().getAnnotations())
        .containsKey("kubectl.kubernetes.io/last-applied-configuration");
    assertThat(
            migrated
                .getMetadata()
                .getAnnotations()
                .get("kubectl.kubernetes.io/last-applied-configuration"))
        .contains("\"replicas\":3");
  }
}
