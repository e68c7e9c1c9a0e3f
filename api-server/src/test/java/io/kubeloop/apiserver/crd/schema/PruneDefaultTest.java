package io.kubeloop.apiserver.crd.schema;

import static io.kubeloop.apiserver.crd.schema.Yaml.compile;
import static io.kubeloop.apiserver.crd.schema.Yaml.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class PruneDefaultTest {

  // The example of the Kubernetes documentation ("Controlling pruning").
  private static final String DOC_SCHEMA =
      """
      type: object
      properties:
        spec:
          type: object
          properties:
            cronSpec: {type: string}
            image: {type: string}
            replicas: {type: integer}
            json:
              x-kubernetes-preserve-unknown-fields: true
            embedded:
              type: object
              x-kubernetes-embedded-resource: true
              properties:
                foo: {type: string}
      """;

  @Test
  void unknownFieldsArePrunedAndReported() {
    CompiledSchema s = compile(DOC_SCHEMA);
    ObjectNode o =
        obj(
            """
            apiVersion: stable.example.com/v1
            kind: CronTab
            metadata: {name: my-new-cron-object, someRandomField: 42}
            spec:
              cronSpec: "* * * * */5"
              image: my-awesome-cron-image
              someRandomField: 42
              json: {a: {b: 1}}
              embedded:
                apiVersion: v1
                kind: Foo
                metadata: {name: x, bogus: 1}
                foo: bar
                bar: foo
            """);
    List<String> unknown = s.prune(o);
    assertThat(unknown)
        .containsExactly(
            "spec.embedded.bar",
            "spec.someRandomField",
            "metadata.someRandomField",
            "spec.embedded.metadata.bogus");
    assertThat(o)
        .isEqualTo(
            obj(
                """
                apiVersion: stable.example.com/v1
                kind: CronTab
                metadata: {name: my-new-cron-object}
                spec:
                  cronSpec: "* * * * */5"
                  image: my-awesome-cron-image
                  json: {a: {b: 1}}
                  embedded:
                    apiVersion: v1
                    kind: Foo
                    metadata: {name: x}
                    foo: bar
                """));
  }

  @Test
  void preserveUnknownFieldsAtTheRootStillPrunesSpecifiedSubtrees() {
    CompiledSchema s =
        compile(
            """
            type: object
            x-kubernetes-preserve-unknown-fields: true
            properties:
              spec:
                type: object
                properties:
                  a: {type: string}
            """);
    ObjectNode o = obj("{kind: X, other: {x: 1}, spec: {a: b, c: d}}");
    assertThat(s.prune(o)).containsExactly("spec.c");
    assertThat(o).isEqualTo(obj("{kind: X, other: {x: 1}, spec: {a: b}}"));
  }

  @Test
  void nonNullableNullsWithoutDefaultAreDropped() {
    CompiledSchema s =
        compile(
            """
            type: object
            properties:
              spec:
                type: object
                properties:
                  a: {type: string}
                  b: {type: string, nullable: true}
                  c: {type: string, default: cee}
            """);
    ObjectNode o = obj("spec: {a: null, b: null, c: null}");
    s.prune(o);
    assertThat(o).isEqualTo(obj("spec: {b: null, c: null}"));
    s.applyDefaults(o);
    assertThat(o).isEqualTo(obj("spec: {b: null, c: cee}"));
  }

  // The example of the Kubernetes documentation ("Defaulting").
  @Test
  void defaultsApplyTopDownIncludingInsideNewDefaults() {
    CompiledSchema s =
        compile(
            """
            type: object
            properties:
              spec:
                type: object
                default: {}
                properties:
                  cronSpec: {type: string, pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$', default: "5 0 * * *"}
                  image: {type: string}
                  replicas: {type: integer, minimum: 1, maximum: 10, default: 1}
                  containers:
                    type: array
                    items:
                      type: object
                      properties:
                        name: {type: string}
                        pullPolicy: {type: string, default: IfNotPresent}
                  labels:
                    type: object
                    additionalProperties:
                      type: object
                      properties:
                        v: {type: string, default: x}
            """);
    ObjectNode empty = obj("apiVersion: v1");
    s.applyDefaults(empty);
    assertThat(empty)
        .isEqualTo(obj("apiVersion: v1\nspec: {cronSpec: \"5 0 * * *\", replicas: 1}"));

    ObjectNode o = obj("spec: {replicas: 3, containers: [{name: a}], labels: {k: {}}}");
    s.applyDefaults(o);
    assertThat(o)
        .isEqualTo(
            obj(
                "spec: {replicas: 3, containers: [{name: a, pullPolicy: IfNotPresent}], labels:"
                    + " {k: {v: x}}, cronSpec: \"5 0 * * *\"}"));
    assertThat(s.validate(o)).isEmpty();
  }

  @Test
  void nonStructuralSchemasAreNotPrunedOrDefaulted() {
    CompiledSchema s =
        compile("type: object\nproperties:\n  spec:\n    properties:\n      a: {default: 1}");
    ObjectNode o = obj("spec: {b: 1}");
    assertThat(s.prune(o)).isEmpty();
    s.applyDefaults(o);
    assertThat(o).isEqualTo(obj("spec: {b: 1}"));
  }

  @Test
  void schemaViewExposesExtensions() {
    CompiledSchema s = Examples.database();
    assertThat(s.at("spec", "users").flatMap(SchemaView::listType)).contains("map");
    assertThat(s.at("spec", "users").map(SchemaView::listMapKeys)).contains(List.of("name"));
    assertThat(s.at("spec", "users", "[]", "role").flatMap(SchemaView::type)).contains("string");
    assertThat(s.root().propertyNames()).containsExactly("spec", "status");
  }
}
