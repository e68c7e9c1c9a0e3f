package io.kubeloop.apiserver.apply;

import static io.kubeloop.apiserver.apply.Docs.fields;
import static io.kubeloop.apiserver.apply.Docs.obj;
import static io.kubeloop.apiserver.apply.FieldManagerUpdateTest.DEPLOYMENTS;
import static io.kubeloop.apiserver.apply.FieldManagerUpdateTest.T0;
import static io.kubeloop.apiserver.apply.FieldManagerUpdateTest.T1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

/** How each kind of list and map merges when two managers apply to one object. */
class ListAndMapMergeTest {

  static final FieldManager PODS = FieldManager.forBuiltin(Pod.class, "v1", "Pod", true);

  static final String POD =
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: p, namespace: default}
      """;

  static final FieldManager WIDGETS =
      FieldManager.forCustomResource(
          Docs.crd(
              """
              type: object
              properties:
                spec:
                  type: object
                  properties:
                    atomicList: {type: array, items: {type: string}}
                    setList: {type: array, x-kubernetes-list-type: set, items: {type: string}}
                    mapList:
                      type: array
                      x-kubernetes-list-type: map
                      x-kubernetes-list-map-keys: [name]
                      items:
                        type: object
                        required: [name]
                        properties: {name: {type: string}, value: {type: string}}
                    granular: {type: object, additionalProperties: {type: string}}
                    atomicMap:
                      type: object
                      x-kubernetes-map-type: atomic
                      additionalProperties: {type: string}
                    free: {type: object, x-kubernetes-preserve-unknown-fields: true}
                    maybe: {type: string, nullable: true}
              """),
          "example.com/v1",
          "Widget",
          false);

  static final String WIDGET =
      """
      apiVersion: example.com/v1
      kind: Widget
      metadata: {name: w, namespace: default}
      """;

  private static ObjectNode pod(ObjectNode live, String body, String manager) {
    return PODS.apply(live, obj(POD + body), manager, "", true, T1);
  }

  private static ObjectNode widget(ObjectNode live, String body, String manager) {
    return WIDGETS.apply(live, obj(WIDGET + body), manager, "", false, T1);
  }

  private static String names(JsonNode list, String field) {
    StringBuilder out = new StringBuilder();
    list.forEach(item -> out.append(item.path(field).asText()).append(' '));
    return out.toString().trim();
  }

  @Test
  void containersMergeByNameAndTheirFieldsByOwner() {
    ObjectNode live =
        pod(null, "spec: {containers: [{name: a, image: a:1}, {name: b, image: b:1}]}", "one");
    ObjectNode next =
        pod(live, "spec: {containers: [{name: b, image: b:2}, {name: c, image: c:1}]}", "two");
    JsonNode containers = next.path("spec").path("containers");
    assertThat(names(containers, "name")).isEqualTo("a b c");
    assertThat(names(containers, "image")).isEqualTo("a:1 b:2 c:1");
    assertThat(fields(next, "one"))
        .contains(".spec.containers[name=\"a\"].image", ".spec.containers[name=\"b\"].name")
        .doesNotContain(".spec.containers[name=\"b\"].image");
  }

  @Test
  void portsAreKeyedByPortAndProtocolWhichDefaultsToTcp() {
    ObjectNode live =
        pod(null, "spec: {containers: [{name: a, image: x, ports: [{containerPort: 80}]}]}", "one");
    ObjectNode next =
        pod(
            live,
            "spec: {containers: [{name: a, ports: [{containerPort: 80, protocol: UDP}]}]}",
            "two");
    assertThat(next.path("spec").path("containers").get(0).path("ports").size()).isEqualTo(2);
    assertThat(fields(next, "one"))
        .contains(".spec.containers[name=\"a\"].ports[containerPort=80,protocol=\"TCP\"]");
    assertThat(fields(next, "two"))
        .contains(".spec.containers[name=\"a\"].ports[containerPort=80,protocol=\"UDP\"]");
  }

  @Test
  void envMergesByNameAndCommandIsReplacedWhole() {
    ObjectNode live =
        pod(
            null,
            "spec: {containers: [{name: a, image: x, command: [sh, -c], env: [{name: A, value: '1'}]}]}",
            "one");
    ObjectNode next =
        pod(
            live,
            "spec: {containers: [{name: a, command: [bash], env: [{name: B, value: '2'}]}]}",
            "two");
    JsonNode container = next.path("spec").path("containers").get(0);
    assertThat(container.path("command").toString()).isEqualTo("[\"bash\"]");
    assertThat(names(container.path("env"), "name")).isEqualTo("A B");
    assertThat(fields(next, "one")).doesNotContain(".spec.containers[name=\"a\"].command");
    assertThat(fields(next, "two")).contains(".spec.containers[name=\"a\"].command");
  }

  @Test
  void labelsMergeByKeyButNodeSelectorAndLabelSelectorsAreAtomic() {
    ObjectNode live =
        pod(
            null,
            "metadata: {labels: {a: '1'}}\nspec: {nodeSelector: {zone: x, disk: ssd}, containers: [{name: a, image: x}]}",
            "one");
    ObjectNode next =
        pod(live, "metadata: {labels: {b: '2'}}\nspec: {nodeSelector: {zone: y}}", "two");
    assertThat(next.path("metadata").path("labels").toString())
        .isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
    assertThat(next.path("spec").path("nodeSelector").toString()).isEqualTo("{\"zone\":\"y\"}");
    assertThat(fields(next, "two")).contains(".spec.nodeSelector", ".metadata.labels.b");
    assertThat(fields(next, "one")).doesNotContain(".spec.nodeSelector");

    ObjectNode deployment =
        DEPLOYMENTS.apply(null, obj(DeploymentApply.BASE), "one", "", false, T0);
    assertThat(fields(deployment, "one")).contains(".spec.selector");
  }

  @Test
  void finalizersAreASet() {
    ObjectNode live = pod(null, "metadata: {finalizers: [a, b]}", "one");
    ObjectNode next = pod(live, "metadata: {finalizers: [c, a]}", "two");
    assertThat(next.path("metadata").path("finalizers").toString())
        .isEqualTo("[\"c\",\"a\",\"b\"]");
    assertThat(fields(next, "two"))
        .containsExactly(".metadata.finalizers[=\"a\"]", ".metadata.finalizers[=\"c\"]");
    assertThat(fields(next, "one"))
        .containsExactly(".metadata.finalizers[=\"a\"]", ".metadata.finalizers[=\"b\"]");
  }

  @Test
  void customResourceListsFollowTheirListType() {
    ObjectNode live =
        widget(
            null,
            """
            spec:
              atomicList: [x, y]
              setList: [x]
              mapList: [{name: a, value: '1'}]
              granular: {a: '1'}
              atomicMap: {a: '1'}
              free: {a: {b: 1}}
            """,
            "one");
    ObjectNode next =
        WIDGETS.apply(
            live,
            obj(
                WIDGET
                    + """
                    spec:
                      atomicList: [z]
                      setList: [y]
                      mapList: [{name: b, value: '2'}]
                      granular: {b: '2'}
                      atomicMap: {b: '2'}
                      free: {a: {c: 2}}
                    """),
            "two",
            "",
            true,
            T1);
    JsonNode spec = next.path("spec");
    assertThat(spec.path("atomicList").toString()).isEqualTo("[\"z\"]");
    assertThat(spec.path("setList").toString()).isEqualTo("[\"x\",\"y\"]");
    assertThat(names(spec.path("mapList"), "name")).isEqualTo("a b");
    assertThat(spec.path("granular").toString()).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
    assertThat(spec.path("atomicMap").toString()).isEqualTo("{\"b\":\"2\"}");
    assertThat(spec.path("free").toString()).isEqualTo("{\"a\":{\"b\":1,\"c\":2}}");
    assertThat(fields(next, "one"))
        .containsExactlyInAnyOrder(
            ".spec.setList[=\"x\"]",
            ".spec.mapList[name=\"a\"]",
            ".spec.mapList[name=\"a\"].name",
            ".spec.mapList[name=\"a\"].value",
            ".spec.granular.a",
            ".spec.free.a",
            ".spec.free.a.b");
  }

  @Test
  void customResourcesKeepNullWhereTheSchemaAllowsIt() {
    ObjectNode live = widget(null, "spec: {maybe: null, granular: {a: null}}", "one");
    assertThat(live.path("spec").has("maybe")).isTrue();
    assertThat(live.path("spec").path("granular").has("a")).isFalse();
  }

  @Test
  void createdCustomResourcesOwnTheirStructsLikeKube() {
    ObjectNode created = obj(WIDGET + "spec: {granular: {a: '1'}}");
    WIDGETS.update(null, created, "ctl", "", T0);
    assertThat(Docs.entry(created, "ctl").path("fieldsV1").toString())
        .isEqualTo("{\"f:spec\":{\".\":{},\"f:granular\":{\".\":{},\"f:a\":{}}}}");
  }

  @Test
  void sharedItemsFollowTheConfigurationsOrder() {
    Schema list =
        BuiltinListTypes.list(
            io.fabric8.kubernetes.api.model.ObjectMeta.class, "finalizers", Schema.SCALAR);
    JsonNode merged = Merger.merge(Docs.node("[a, b, c]"), Docs.node("[c, a]"), list);
    assertThat(merged.toString()).isEqualTo("[\"b\",\"c\",\"a\"]");
    merged = Merger.merge(Docs.node("[a, b]"), Docs.node("[b, x, a]"), list);
    assertThat(merged.toString()).isEqualTo("[\"b\",\"x\",\"a\"]");
  }
}
