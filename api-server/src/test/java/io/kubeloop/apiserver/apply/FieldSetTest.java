package io.kubeloop.apiserver.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldSetTest {

  private static final Schema DEPLOYMENT = BuiltinSchemas.forClass(Deployment.class);

  private static PathElement f(String name) {
    return new PathElement.Field(name);
  }

  private static PathElement key(String name, String value) {
    return PathElement.Key.of(List.of(new PathElement.Key.KeyField(name, TextNode.valueOf(value))));
  }

  @Test
  void pathsPrintAsKubePrintsThem() {
    PathElement port =
        PathElement.Key.of(
            List.of(
                new PathElement.Key.KeyField("protocol", TextNode.valueOf("TCP")),
                new PathElement.Key.KeyField("containerPort", IntNode.valueOf(80))));
    assertThat(PathElement.toString(List.of(f("spec"), f("ports"), port, f("name"))))
        .isEqualTo(".spec.ports[containerPort=80,protocol=\"TCP\"].name");
    assertThat(port.serialize()).isEqualTo("k:{\"containerPort\":80,\"protocol\":\"TCP\"}");
    assertThat(PathElement.Value.of(TextNode.valueOf("a")).toString()).isEqualTo("[=\"a\"]");
    assertThat(new PathElement.Index(3).serialize()).isEqualTo("i:3");
  }

  @Test
  void fieldsV1RoundTripsAndOrdersLikeKube() {
    FieldSet set =
        FieldSet.of(
            List.of(f("spec"), f("replicas")),
            List.of(f("metadata"), f("labels"), f("app")),
            List.of(f("metadata"), f("labels")),
            List.of(f("spec"), f("template"), f("spec"), f("containers"), key("name", "b")),
            List.of(
                f("spec"), f("template"), f("spec"), f("containers"), key("name", "b"), f("image")),
            List.of(f("spec"), f("template"), f("spec"), f("containers"), key("name", "a")));
    String json = FieldsV1.encode(set).toString();
    assertThat(json)
        .isEqualTo(
            "{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}},"
                + "\"f:spec\":{\"f:replicas\":{},\"f:template\":{\"f:spec\":{\"f:containers\":{"
                + "\"k:{\\\"name\\\":\\\"a\\\"}\":{},"
                + "\"k:{\\\"name\\\":\\\"b\\\"}\":{\".\":{},\"f:image\":{}}}}}}}");
    assertThat(FieldsV1.decode(FieldsV1.encode(set))).isEqualTo(set);
  }

  @Test
  void decodingDropsUnknownElementKindsAndRejectsGarbage() {
    FieldSet set = FieldsV1.decode(Docs.node("{'f:a': {'x:y': {}}, 'z:q': {}}".replace('\'', '"')));
    assertThat(set.paths()).containsExactly(".a");
    assertThatThrownBy(() -> FieldsV1.decode(Docs.node("{\"k:{bad\": {}}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FieldsV1.decode(Docs.node("{\"f:a\": 1}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void setOperations() {
    FieldSet a = FieldSet.of(List.of(f("a")), List.of(f("b"), f("c")), List.of(f("b"), f("d")));
    FieldSet b = FieldSet.of(List.of(f("b")), List.of(f("b"), f("c")));
    assertThat(a.union(b).paths()).containsExactly(".a", ".b", ".b.c", ".b.d");
    assertThat(a.intersection(b).paths()).containsExactly(".b.c");
    assertThat(a.difference(b).paths()).containsExactly(".a", ".b.d");
    assertThat(a.recursiveDifference(b).paths()).containsExactly(".a");
    assertThat(a.difference(a).isEmpty()).isTrue();
    assertThat(a.has(List.of(f("b"), f("d")))).isTrue();
    assertThat(a.has(List.of(f("b")))).isFalse();
  }

  @Test
  void namedStructFieldsBecomeMembersButMapKeysDoNot() {
    FieldSet set =
        FieldSet.of(
            List.of(f("spec"), f("replicas")), List.of(f("metadata"), f("labels"), f("app")));
    assertThat(FieldSetWalker.withNamedFields(set, DEPLOYMENT).paths())
        .containsExactly(
            ".metadata", ".spec", ".metadata.labels", ".metadata.labels.app", ".spec.replicas");
  }

  @Test
  void toFieldSetReportsUndeclaredFieldsAndUnnamedItemsLikeKube() {
    List<String> errors = new java.util.ArrayList<>();
    FieldSetWalker.strict(
        Docs.obj(
            """
            spec:
              foo: 1
              template:
                spec:
                  containers:
                  - image: x
                  - name: a
                  - name: a
            """),
        DEPLOYMENT,
        errors);
    assertThat(errors)
        .containsExactly(
            ".spec.foo: field not declared in schema",
            ".spec.template.spec.containers: element 0: associative list with keys has an element"
                + " that omits key field \"name\" (and doesn't have default value)",
            ".spec.template.spec.containers: duplicate entries for key [name=\"a\"]");
  }
}
