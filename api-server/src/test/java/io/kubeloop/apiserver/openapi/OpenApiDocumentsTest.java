package io.kubeloop.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.apiserver.resource.ResourceRegistry;
import io.kubeloop.apiserver.resource.ResourceType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the generated documents contain: structure, built-in definitions, CRDs, references. */
class OpenApiDocumentsTest {

  private static final String CORE = "io.k8s.api.core.v1.";
  private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

  private static OpenApiService service;
  private static JsonNode v2;
  private static JsonNode definitions;

  @BeforeAll
  static void build() {
    ResourceRegistry registry = ResourceRegistry.withBuiltins();
    registry.add(Fixtures.CRONTABS);
    JsonNode crd = Fixtures.cronTabCrd(1, "schedule");
    service =
        new OpenApiService(
            registry,
            gr ->
                gr.equals(Fixtures.CRONTABS.groupResource()) ? Optional.of(crd) : Optional.empty());
    v2 = Fixtures.json(service.serve("/openapi/v2", null, "application/json").orElseThrow().body());
    definitions = v2.get("definitions");
  }

  private static JsonNode v3(String groupVersion) {
    return Fixtures.json(
        service.serve("/openapi/v3/" + groupVersion, null, null).orElseThrow().body());
  }

  @Test
  void swaggerDocumentHasKubesTopLevelShape() {
    assertThat(v2.path("swagger").asText()).isEqualTo("2.0");
    assertThat(v2.path("info").path("title").asText()).isEqualTo("Kubernetes");
    assertThat(v2.path("paths").size()).isGreaterThan(40);
    assertThat(definitions.size()).isGreaterThan(200);
  }

  @Test
  void everyServedResourceHasItsOperations() {
    JsonNode paths = v2.get("paths");
    JsonNode pod = paths.get("/api/v1/namespaces/{namespace}/pods/{name}");
    assertThat(pod.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("get", "put", "patch", "delete");
    assertThat(pod.at("/get/operationId").asText()).isEqualTo("readCoreV1NamespacedPod");
    assertThat(pod.at("/get/x-kubernetes-action").asText()).isEqualTo("get");
    assertThat(pod.at("/put/x-kubernetes-action").asText()).isEqualTo("put");
    assertThat(pod.at("/delete/x-kubernetes-action").asText()).isEqualTo("delete");
    assertThat(pod.at("/patch/x-kubernetes-group-version-kind"))
        .isEqualTo(
            Fixtures.json("{\"group\":\"\",\"kind\":\"Pod\",\"version\":\"v1\"}".getBytes()));
    JsonNode pods = paths.get("/api/v1/namespaces/{namespace}/pods");
    assertThat(pods.at("/get/x-kubernetes-action").asText()).isEqualTo("list");
    assertThat(pods.at("/post/x-kubernetes-action").asText()).isEqualTo("post");
    assertThat(pods.at("/delete/x-kubernetes-action").asText()).isEqualTo("deletecollection");
    assertThat(pods.at("/get/responses/200/schema/$ref").asText())
        .isEqualTo("#/definitions/" + CORE + "PodList");
    assertThat(paths.get("/api/v1/pods").at("/get/operationId").asText())
        .isEqualTo("listCoreV1PodForAllNamespaces");
    assertThat(paths.has("/api/v1/namespaces/{namespace}/pods/{name}/status")).isTrue();
    assertThat(
            paths
                .at("/~1api~1v1~1namespaces~1{namespace}~1pods~1{name}~1binding/post/operationId")
                .asText())
        .isEqualTo("createCoreV1NamespacedPodBinding");
    JsonNode scale = paths.get("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale");
    assertThat(scale.at("/get/x-kubernetes-group-version-kind/group").asText())
        .isEqualTo("autoscaling");
    assertThat(scale.at("/get/responses/200/schema/$ref").asText())
        .isEqualTo("#/definitions/io.k8s.api.autoscaling.v1.Scale");
    assertThat(paths.has("/api/v1/namespaces/{name}")).isTrue(); // cluster-scoped
    assertThat(paths.has("/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}"))
        .isTrue();
    assertThat(
            paths.has("/apis/stable.example.com/v1/namespaces/{namespace}/crontabs/{name}/scale"))
        .isTrue();
  }

  @Test
  void patchOperationsListTheQueryParametersKubectlLooksFor() {
    for (Map.Entry<String, JsonNode> path : v2.get("paths").properties()) {
      JsonNode patch = path.getValue().get("patch");
      if (patch == null) {
        continue;
      }
      Set<String> names = new HashSet<>();
      patch.get("parameters").forEach(p -> names.add(p.get("name").asText()));
      assertThat(names)
          .as(path.getKey())
          .contains("dryRun", "fieldValidation", "fieldManager", "force", "body");
      assertThat(patch.get("consumes").toString())
          .contains("application/strategic-merge-patch+json");
    }
  }

  @Test
  void podDefinitionIsKubes() {
    JsonNode pod = definitions.get(CORE + "Pod");
    assertThat(pod.has("type")).as("structs have no type in v2").isFalse();
    assertThat(pod.at("/properties/metadata/$ref").asText())
        .isEqualTo("#/definitions/" + META + "ObjectMeta");
    assertThat(pod.at("/properties/spec/$ref").asText())
        .isEqualTo("#/definitions/" + CORE + "PodSpec");
    assertThat(pod.at("/x-kubernetes-group-version-kind/0/kind").asText()).isEqualTo("Pod");

    JsonNode spec = definitions.get(CORE + "PodSpec");
    assertThat(spec.get("required").toString()).isEqualTo("[\"containers\"]");
    JsonNode containers = spec.at("/properties/containers");
    assertThat(containers.get("type").asText()).isEqualTo("array");
    assertThat(containers.at("/items/$ref").asText())
        .isEqualTo("#/definitions/" + CORE + "Container");
    assertThat(containers.get("x-kubernetes-patch-merge-key").asText()).isEqualTo("name");
    assertThat(containers.get("x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
    assertThat(containers.get("x-kubernetes-list-type").asText()).isEqualTo("map");
    assertThat(spec.at("/properties/volumes/x-kubernetes-patch-strategy").asText())
        .isEqualTo("merge,retainKeys");
    assertThat(spec.at("/properties/nodeSelector/additionalProperties/type").asText())
        .isEqualTo("string");
    assertThat(spec.at("/properties/terminationGracePeriodSeconds/format").asText())
        .isEqualTo("int64");

    JsonNode container = definitions.get(CORE + "Container");
    assertThat(container.get("required").toString()).isEqualTo("[\"name\"]");
    assertThat(container.at("/properties/image/type").asText()).isEqualTo("string");
    assertThat(container.at("/properties/ports/x-kubernetes-list-map-keys").toString())
        .isEqualTo("[\"containerPort\",\"protocol\"]");
    assertThat(
            definitions.at("/" + CORE + "ContainerPort/properties/containerPort/format").asText())
        .isEqualTo("int32");
    assertThat(
            definitions
                .at("/" + CORE + "ResourceRequirements/properties/limits/additionalProperties/$ref")
                .asText())
        .isEqualTo("#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity");
    assertThat(definitions.at("/" + CORE + "HTTPGetAction/properties/port/$ref").asText())
        .isEqualTo("#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString");
    assertThat(definitions.at("/" + META + "ObjectMeta/properties/creationTimestamp/$ref").asText())
        .isEqualTo("#/definitions/" + META + "Time");
    assertThat(
            definitions
                .at(
                    "/"
                        + META
                        + "ObjectMeta/properties/ownerReferences/x-kubernetes-patch-merge-key")
                .asText())
        .isEqualTo("uid");
    assertThat(definitions.get(META + "Time").toString())
        .isEqualTo("{\"type\":\"string\",\"format\":\"date-time\"}");
    assertThat(definitions.get("io.k8s.apimachinery.pkg.util.intstr.IntOrString").toString())
        .isEqualTo("{\"type\":\"string\",\"format\":\"int-or-string\"}");
    assertThat(
            definitions
                .at("/" + CORE + "Secret/properties/data/additionalProperties/format")
                .asText())
        .isEqualTo("byte");
    assertThat(definitions.at("/" + CORE + "PodList/required").toString()).isEqualTo("[\"items\"]");
    assertThat(
            definitions.at("/" + CORE + "PodList/x-kubernetes-group-version-kind/0/kind").asText())
        .isEqualTo("PodList");
  }

  @Test
  void deploymentDefinitionIsKubes() {
    JsonNode deployment = definitions.get("io.k8s.api.apps.v1.Deployment");
    assertThat(deployment.at("/x-kubernetes-group-version-kind/0").toString())
        .isEqualTo("{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}");
    JsonNode spec = definitions.get("io.k8s.api.apps.v1.DeploymentSpec");
    assertThat(spec.get("required").toString()).isEqualTo("[\"selector\",\"template\"]");
    assertThat(spec.at("/properties/template/$ref").asText())
        .isEqualTo("#/definitions/" + CORE + "PodTemplateSpec");
    assertThat(spec.at("/properties/selector/$ref").asText())
        .isEqualTo("#/definitions/" + META + "LabelSelector");
    assertThat(spec.at("/properties/strategy/x-kubernetes-patch-strategy").asText())
        .isEqualTo("retainKeys");
    assertThat(spec.at("/properties/replicas/type").asText()).isEqualTo("integer");
    assertThat(
            definitions
                .at("/io.k8s.api.apps.v1.DeploymentCondition/properties/lastUpdateTime/$ref")
                .asText())
        .isEqualTo("#/definitions/" + META + "Time");
  }

  @Test
  void customResourceSchemaIsPublishedUnderItsKind() {
    JsonNode cronTab = definitions.get("com.example.stable.v1.CronTab");
    assertThat(cronTab.at("/x-kubernetes-group-version-kind/0").toString())
        .isEqualTo("{\"group\":\"stable.example.com\",\"kind\":\"CronTab\",\"version\":\"v1\"}");
    assertThat(cronTab.at("/properties/metadata/$ref").asText())
        .isEqualTo("#/definitions/" + META + "ObjectMeta");
    assertThat(cronTab.at("/properties/apiVersion/type").asText()).isEqualTo("string");
    JsonNode spec = cronTab.at("/properties/spec");
    assertThat(spec.at("/properties/cronSpec/pattern").asText()).isEqualTo("^[0-9*/ ]+$");
    assertThat(spec.at("/properties/replicas/maximum").asInt()).isEqualTo(10);
    // v2 as kube's ToStructuralOpenAPIV2 leaves it
    assertThat(spec.get("required").toString()).isEqualTo("[\"cronSpec\"]");
    assertThat(spec.at("/properties/note").toString()).isEqualTo("{}");
    assertThat(spec.at("/properties/port").has("anyOf")).isFalse();
    assertThat(spec.at("/properties/extra").has("properties")).isFalse();
    assertThat(
            definitions
                .at("/com.example.stable.v1.CronTabList/properties/items/items/$ref")
                .asText())
        .isEqualTo("#/definitions/com.example.stable.v1.CronTab");

    JsonNode v3 = v3("apis/stable.example.com/v1");
    JsonNode v3Spec = v3.at("/components/schemas/com.example.stable.v1.CronTab/properties/spec");
    assertThat(v3Spec.at("/properties/note/nullable").asBoolean()).isTrue();
    assertThat(v3Spec.get("required").toString()).isEqualTo("[\"cronSpec\",\"note\"]");
    assertThat(v3Spec.at("/properties/port/anyOf").size()).isEqualTo(2);
    assertThat(
            v3.at(
                    "/components/schemas/com.example.stable.v1.CronTab/properties/metadata/allOf/0/$ref")
                .asText())
        .isEqualTo("#/components/schemas/" + META + "ObjectMeta");
    assertThat(v3.at("/components/schemas").has(META + "ObjectMeta")).isTrue();
    assertThat(v3.at("/components/schemas").has(CORE + "Pod")).isFalse();
  }

  @Test
  void everyReferenceResolves() {
    assertThat(danglingReferences(v2, "#/definitions/", definitions)).isEmpty();
    JsonNode discovery =
        Fixtures.json(service.serve("/openapi/v3", null, null).orElseThrow().body());
    for (Map.Entry<String, JsonNode> gv : discovery.get("paths").properties()) {
      JsonNode doc = v3(gv.getKey());
      assertThat(danglingReferences(doc, "#/components/schemas/", doc.at("/components/schemas")))
          .as(gv.getKey())
          .isEmpty();
    }
  }

  @Test
  void everyFieldHintNamesAGeneratedDefinition() {
    for (String line : KubeFieldData.TABLE.split("\n")) {
      String[] c = line.strip().split("\\s+");
      if (c.length >= 3 && !c[0].startsWith("#")) {
        assertThat(definitions.has(c[1])).as(line).isTrue();
        if (!c[0].equals("required")) {
          assertThat(definitions.get(c[1]).at("/properties/" + c[2]).isMissingNode())
              .as(line)
              .isFalse();
        }
      }
    }
  }

  @Test
  void v3DocumentsAreOpenApi3() {
    JsonNode core = v3("api/v1");
    assertThat(core.path("openapi").asText()).isEqualTo("3.0.0");
    JsonNode schemas = core.at("/components/schemas");
    assertThat(schemas.at("/" + CORE + "Pod/type").asText()).isEqualTo("object");
    assertThat(schemas.at("/" + CORE + "Pod/properties/spec/$ref").asText())
        .isEqualTo("#/components/schemas/" + CORE + "PodSpec");
    assertThat(schemas.at("/io.k8s.apimachinery.pkg.util.intstr.IntOrString/oneOf").size())
        .isEqualTo(2);
    assertThat(schemas.has("io.k8s.api.apps.v1.Deployment")).isFalse();
    JsonNode patch = core.at("/paths/~1api~1v1~1namespaces~1{namespace}~1pods~1{name}/patch");
    assertThat(patch.at("/requestBody/content").has("application/apply-patch+yaml")).isTrue();
    assertThat(patch.at("/responses/200/content/application~1json/schema/$ref").asText())
        .isEqualTo("#/components/schemas/" + CORE + "Pod");
    List<String> names = new ArrayList<>();
    patch.get("parameters").forEach(p -> names.add(p.get("name").asText()));
    assertThat(names).contains("fieldValidation", "dryRun");
    assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asText()).isEqualTo("Pod");

    JsonNode apps = v3("apis/apps/v1");
    assertThat(
            apps.at(
                    "/components/schemas/io.k8s.api.apps.v1.DeploymentSpec/properties/strategy/allOf/0/$ref")
                .asText())
        .isEqualTo("#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy");
    assertThat(
            apps.at(
                    "/components/schemas/io.k8s.api.apps.v1.DeploymentSpec/properties/strategy/x-kubernetes-patch-strategy")
                .asText())
        .isEqualTo("retainKeys");
  }

  private static List<String> danglingReferences(JsonNode doc, String prefix, JsonNode targets) {
    List<String> dangling = new ArrayList<>();
    collect(doc, prefix, targets, dangling);
    return dangling;
  }

  private static void collect(JsonNode node, String prefix, JsonNode targets, List<String> out) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isTextual()) {
        String name =
            ref.asText().startsWith(prefix) ? ref.asText().substring(prefix.length()) : null;
        if (name == null || !targets.has(name)) {
          out.add(ref.asText());
        }
      }
    }
    node.forEach(child -> collect(child, prefix, targets, out));
  }

  @Test
  void builtInTypesAreServedOnlyUnderTheirOwnGroupVersion() {
    for (ResourceType type : ResourceRegistry.withBuiltins().all()) {
      JsonNode doc = v3(KubeNames.groupVersionPath(type.group(), type.version()));
      boolean found = false;
      for (JsonNode schema : doc.at("/components/schemas")) {
        for (JsonNode gvk : schema.path("x-kubernetes-group-version-kind")) {
          found |=
              gvk.path("kind").asText().equals(type.kind())
                  && gvk.path("group").asText().equals(type.group());
        }
      }
      assertThat(found).as(type.apiVersion() + " " + type.kind()).isTrue();
    }
  }
}
