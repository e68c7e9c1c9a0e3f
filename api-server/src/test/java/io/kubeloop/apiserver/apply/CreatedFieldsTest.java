package io.kubeloop.apiserver.apply;

import static io.kubeloop.apiserver.apply.Docs.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The create fast path records exactly what the general update path records. */
class CreatedFieldsTest {

  static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

  /** An entry without fields makes the general path run; it is dropped again. */
  static final String PLACEHOLDER =
      "{manager: placeholder, operation: Update, apiVersion: v1, fieldsType: FieldsV1,"
          + " fieldsV1: {}}";

  private static void sameBothWays(FieldManager fields, ObjectNode object) {
    ObjectNode fast = object.deepCopy();
    fields.update(null, fast, "creator", "", NOW);
    ObjectNode general = object.deepCopy();
    general.with("metadata").set("managedFields", Docs.node("[" + PLACEHOLDER + "]"));
    fields.update(null, general, "creator", "", NOW);
    assertThat(fast.path("metadata").path("managedFields"))
        .isEqualTo(general.path("metadata").path("managedFields"));
  }

  @Test
  void builtInObjects() {
    for (ObjectNode object :
        List.of(
            FieldManagerUpdateTest.deployment(),
            obj(
                """
                apiVersion: v1
                kind: Pod
                metadata: {name: p, namespace: d, labels: {a: b}, annotations: {x: y}, finalizers: [f]}
                spec:
                  nodeSelector: {zone: a}
                  volumes: [{name: v, emptyDir: {}}]
                  containers:
                  - name: c
                    image: i
                    ports: [{containerPort: 80, protocol: TCP}]
                    env: [{name: A, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
                    resources: {limits: {cpu: 100m}}
                status: {phase: Pending}
                """))) {
      sameBothWays(
          FieldManager.forBuiltin(
              object.path("kind").asText().equals("Pod") ? Pod.class : Service.class,
              "v1",
              "Pod",
              true),
          object);
    }
    sameBothWays(FieldManagerUpdateTest.DEPLOYMENTS, FieldManagerUpdateTest.deployment());
    sameBothWays(
        FieldManagerUpdateTest.CONFIG_MAPS,
        obj(
            "{apiVersion: v1, kind: ConfigMap, metadata: {name: c, generateName: c-}, data: {a: '1'}, binaryData: {}}"));
  }

  @Test
  void customResources() {
    sameBothWays(
        ListAndMapMergeTest.WIDGETS,
        obj(
            ListAndMapMergeTest.WIDGET
                + """
                spec:
                  atomicList: [x]
                  setList: [a, b]
                  mapList: [{name: a, value: '1'}]
                  granular: {a: '1'}
                  atomicMap: {a: '1'}
                  free: {deep: {er: 1}}
                  maybe: null
                status: {anything: 1}
                """));
  }
}
