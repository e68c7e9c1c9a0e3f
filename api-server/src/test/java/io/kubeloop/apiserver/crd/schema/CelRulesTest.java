package io.kubeloop.apiserver.crd.schema;

import static io.kubeloop.apiserver.crd.schema.Yaml.compile;
import static io.kubeloop.apiserver.crd.schema.Yaml.obj;
import static io.kubeloop.apiserver.crd.schema.Yaml.strings;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CelRulesTest {

  private static final String SCHEMA =
      """
      type: object
      properties:
        spec:
          type: object
          x-kubernetes-validations:
          - rule: "self.minReplicas <= self.replicas && self.replicas <= self.maxReplicas"
            message: replicas should be in the range minReplicas..maxReplicas.
          - rule: "!has(self.name) || self.name.startsWith('db-')"
            messageExpression: "'name ' + self.name + ' must start with db-'"
            fieldPath: .name
            reason: FieldValueForbidden
          - rule: "self.tags.all(t, t.size() <= 3)"
          properties:
            name: {type: string}
            replicas: {type: integer}
            minReplicas: {type: integer}
            maxReplicas: {type: integer}
            tags:
              type: array
              items: {type: string}
            immutable:
              type: string
              x-kubernetes-validations:
              - rule: "self == oldSelf"
                message: Value is immutable
            ports:
              type: array
              x-kubernetes-list-type: map
              x-kubernetes-list-map-keys: [name]
              items:
                type: object
                required: [name]
                properties:
                  name: {type: string}
                  port:
                    type: integer
                    x-kubernetes-validations:
                    - rule: "self >= oldSelf"
                      message: port may only grow
      """;

  @Test
  void rulesMessagesAndReasons() {
    CompiledSchema s = compile(SCHEMA);
    assertThat(s.definitionErrors("spec.versions[0].schema", false)).isEmpty();
    assertThat(
            strings(
                s.validate(
                    obj(
                        "spec: {name: x, replicas: 10, minReplicas: 1, maxReplicas: 5, tags:"
                            + " [abcd]}"))))
        .containsExactly(
            "spec: Invalid value: \"object\": replicas should be in the range"
                + " minReplicas..maxReplicas.",
            "spec.name: Forbidden: name x must start with db-",
            "spec: Invalid value: \"object\": failed rule: self.tags.all(t, t.size() <= 3)");
    assertThat(
            s.validate(
                obj("spec: {name: db-1, replicas: 3, minReplicas: 1, maxReplicas: 5, tags: [a]}")))
        .isEmpty();
  }

  @Test
  void evaluationErrorsAreReported() {
    CompiledSchema s = compile(SCHEMA);
    assertThat(strings(s.validate(obj("spec: {replicas: 1, tags: []}"))))
        .singleElement()
        .asString()
        .startsWith("spec: Invalid value: \"object\": ")
        .endsWith("evaluating rule: replicas should be in the range minReplicas..maxReplicas.");
  }

  @Test
  void transitionRulesNeedTheOldValue() {
    CompiledSchema s = compile(SCHEMA);
    String base = "spec: {replicas: 1, minReplicas: 1, maxReplicas: 1, tags: [], ";
    assertThat(s.validate(obj(base + "immutable: a, ports: [{name: p, port: 1}]}"))).isEmpty();
    assertThat(
            strings(
                s.validateUpdate(
                    obj(base + "immutable: b, ports: [{name: p, port: 1}, {name: q, port: 1}]}"),
                    obj(base + "immutable: a, ports: [{name: q, port: 2}, {name: p, port: 1}]}"))))
        .containsExactly(
            "spec.immutable: Invalid value: \"string\": Value is immutable",
            "spec.ports[1].port: Invalid value: \"integer\": port may only grow");
  }

  @Test
  void typeErrorsBlockRules() {
    CompiledSchema s = compile(SCHEMA);
    assertThat(strings(s.validate(obj("spec: {replicas: x}"))))
        .containsExactly(
            "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type"
                + " integer: \"string\"",
            "<nil>: Invalid value: \"null\": some validation rules were not checked because the"
                + " object was invalid; correct the existing errors to complete validation");
  }

  @Test
  void badRulesAreRejectedWhenTheCrdIsCreated() {
    CompiledSchema s =
        compile(
            """
            type: object
            properties:
              spec:
                type: object
                x-kubernetes-validations:
                - rule: "self.replicas.url() == 1"
                - rule: "1 + 1"
                - rule: "self.x == 1"
                  reason: Bogus
                  fieldPath: .nope
                properties:
                  replicas: {type: integer}
                  list:
                    type: array
                    items:
                      type: string
                      x-kubernetes-validations:
                      - rule: "self == oldSelf"
            """);
    String base = "spec.versions[0].schema.openAPIV3Schema.properties[spec]";
    assertThat(strings(s.definitionErrors("spec.versions[0].schema", false)))
        .contains(
            base
                + ".x-kubernetes-validations[2].reason: Unsupported value: \"Bogus\": supported"
                + " values: \"FieldValueDuplicate\", \"FieldValueForbidden\","
                + " \"FieldValueInvalid\", \"FieldValueRequired\"",
            base
                + ".x-kubernetes-validations[2].fieldPath: Invalid value: \".nope\": must be a valid path");
    // with the schema errors fixed, CEL compilation errors are reported
    CompiledSchema fixed =
        compile(
            """
            type: object
            properties:
              spec:
                type: object
                x-kubernetes-validations:
                - rule: "self.replicas.url() == 1"
                - rule: "1 + 1"
                properties:
                  replicas: {type: integer}
                  list:
                    type: array
                    items:
                      type: string
                      x-kubernetes-validations:
                      - rule: "self == oldSelf"
            """);
    assertThat(strings(fixed.definitionErrors("spec.versions[0].schema", false)))
        .satisfiesExactlyInAnyOrder(
            e ->
                assertThat(e)
                    .startsWith(
                        base
                            + ".x-kubernetes-validations[0].rule: Invalid value:"
                            + " apiextensions.ValidationRule{Rule:\"self.replicas.url() == 1\",")
                    .contains("compilation failed: ERROR: <input>:1:")
                    .contains("url"),
            e ->
                assertThat(e)
                    .startsWith(base + ".x-kubernetes-validations[1].rule: Invalid value:")
                    .endsWith("cel expression must evaluate to a bool"),
            e ->
                assertThat(e)
                    .isEqualTo(
                        base
                            + ".properties[list].items.x-kubernetes-validations[0].rule: Invalid"
                            + " value: \"self == oldSelf\": oldSelf cannot be used on the"
                            + " uncorrelatable portion of the schema within "
                            + base
                            + ".properties[list]"));
  }

  @Test
  void kubeLibrarySubsetAndEscaping() {
    CompiledSchema s =
        compile(
            """
            type: object
            properties:
              spec:
                type: object
                x-kubernetes-validations:
                - rule: "self.nums.isSorted() && self.nums.sum() == 6 && self.nums.max() == 3"
                - rule: "self.text.find('[0-9]+') == '42' && self.text.findAll('[a-z]').size() == 2"
                - rule: "self.__namespace__ == 'ns' && self.dash__dash__name == 'd'"
                - rule: "self.when < timestamp('2030-01-01T00:00:00Z')"
                - rule: "self.text.lowerAscii().split('4').size() == 2"
                properties:
                  nums: {type: array, items: {type: integer}}
                  text: {type: string}
                  namespace: {type: string}
                  dash-name: {type: string}
                  when: {type: string, format: date-time}
            """);
    assertThat(s.definitionErrors("spec.versions[0].schema", false)).isEmpty();
    assertThat(
            strings(
                s.validate(
                    obj(
                        "spec: {nums: [1, 2, 3], text: ab42, namespace: ns, dash-name: d, when:"
                            + " \"2026-01-01T00:00:00Z\"}"))))
        .isEmpty();
  }
}
