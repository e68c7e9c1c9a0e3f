package io.kubeloop.apiserver.crd.schema;

import static io.kubeloop.apiserver.crd.schema.Yaml.compile;
import static io.kubeloop.apiserver.crd.schema.Yaml.strings;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StructuralAndDefinitionTest {

  private static final String BASE = "spec.versions[0].schema.openAPIV3Schema";

  @Test
  void missingTypes() {
    CompiledSchema s =
        compile(
            """
            type: object
            properties:
              spec:
                properties:
                  list:
                    type: array
                    items:
                      description: no type
                  arr:
                    type: array
            """);
    assertThat(s.isStructural()).isFalse();
    assertThat(s.structuralViolations(BASE))
        .containsExactly(
            BASE + ".properties[spec].properties[arr].items: Required value: must be specified",
            BASE
                + ".properties[spec].properties[list].items.type: Required value: must not be empty"
                + " for specified array items",
            BASE
                + ".properties[spec].type: Required value: must not be empty for specified object"
                + " fields");
  }

  // kube checks completeness only for the junctors at the root (complete.go), as we do.
  @Test
  void junctorsAndMetadata() {
    CompiledSchema s =
        compile(
            """
            type: object
            properties:
              metadata:
                type: object
                properties:
                  labels: {type: object}
              spec:
                type: object
                properties:
                  a: {type: string}
                anyOf:
                - properties:
                    a: {type: string}
            anyOf:
            - properties:
                spec:
                  properties:
                    b: {}
            """);
    assertThat(s.structuralViolations(BASE))
        .containsExactly(
            BASE
                + ".properties[metadata]: Forbidden: must not specify anything other than name and"
                + " generateName, but metadata is implicitly specified",
            BASE
                + ".properties[spec].anyOf[0].properties[a].type: Forbidden: must be empty to be"
                + " structural",
            BASE
                + ".properties[spec].properties[b]: Required value: because it is defined in "
                + BASE
                + ".anyOf[0].properties[spec].properties[b]");
  }

  @Test
  void intOrStringPatternsAreStructural() {
    CompiledSchema s =
        compile(
            """
            type: object
            properties:
              port:
                x-kubernetes-int-or-string: true
                anyOf:
                - type: integer
                - type: string
              meta:
                type: object
                x-kubernetes-preserve-unknown-fields: true
            """);
    assertThat(s.structuralViolations(BASE)).isEmpty();
    assertThat(s.isStructural()).isTrue();
  }

  @Test
  void unsupportedKeywords() {
    CompiledSchema s = compile("type: object\nproperties:\n  a:\n    $ref: '#/definitions/x'");
    assertThat(strings(s.structuralErrors(BASE)))
        .containsExactly(BASE + ": Invalid value: \"\": OpenAPIV3Schema '$ref' is not supported");
    assertThat(strings(s.definitionErrors("spec.versions[0].schema", false)))
        .containsExactly(BASE + ".properties[a].$ref: Forbidden: $ref is not supported");
  }

  @Test
  void definitionErrors() {
    CompiledSchema s =
        compile(
            """
            type: object
            properties:
              metadata:
                type: object
                properties:
                  name: {type: string, default: x}
              spec:
                type: object
                properties:
                  tags:
                    type: array
                    uniqueItems: true
                    items: {type: string}
                  mixed:
                    type: object
                    properties:
                      a: {type: string}
                    additionalProperties: {type: string}
                  ports:
                    type: array
                    x-kubernetes-list-type: map
                    items:
                      type: object
                      properties:
                        name: {type: string}
                  keyed:
                    type: array
                    x-kubernetes-list-type: map
                    x-kubernetes-list-map-keys: [name]
                    items:
                      type: object
                      properties:
                        name: {type: string}
                  mapType:
                    type: string
                    x-kubernetes-map-type: atomic
                  nulldefault:
                    type: string
                    nullable: true
                    default: null
            """);
    assertThat(strings(s.definitionErrors("spec.versions[0].schema", false)))
        .contains(
            BASE
                + ".properties[metadata].properties[name].default: Forbidden: must not be set in"
                + " top-level metadata",
            BASE
                + ".properties[spec].properties[tags].uniqueItems: Forbidden: uniqueItems cannot be"
                + " set to true since the runtime complexity becomes quadratic",
            BASE
                + ".properties[spec].properties[mixed].additionalProperties: Forbidden:"
                + " additionalProperties and properties are mutual exclusive",
            BASE
                + ".properties[spec].properties[ports].x-kubernetes-list-map-keys: Required value:"
                + " must not be empty if x-kubernetes-list-type is map",
            BASE
                + ".properties[spec].properties[keyed].items.properties[name].default: Required"
                + " value: this property is in x-kubernetes-list-map-keys, so it must have a"
                + " default or be a required property",
            BASE
                + ".properties[spec].properties[mapType].type: Invalid value: \"string\": must be"
                + " object if x-kubernetes-map-type is specified");
  }

  @Test
  void invalidDefaultsAreRejected() {
    CompiledSchema s =
        compile(
            """
            type: object
            properties:
              spec:
                type: object
                properties:
                  replicas: {type: integer, minimum: 1, default: 0}
                  mode: {type: string, enum: [a, b], default: c}
                  obj:
                    type: object
                    properties:
                      x: {type: string}
                    default: {x: a, y: b}
            """);
    assertThat(strings(s.definitionErrors("spec.versions[0].schema", false)))
        .containsExactlyInAnyOrder(
            BASE
                + ".properties[spec].properties[replicas].default: Invalid value: 0:  in body"
                + " should be greater than or equal to 1",
            BASE
                + ".properties[spec].properties[mode].default: Unsupported value: \"c\": supported"
                + " values: \"a\", \"b\"",
            BASE
                + ".properties[spec].properties[obj].default: Invalid value:"
                + " map[string]interface {}{\"x\":\"a\", \"y\":\"b\"}: must not have unknown fields");
  }

  @Test
  void statusSubresourceRootRestrictions() {
    CompiledSchema s =
        compile("type: object\nminProperties: 1\nproperties:\n  spec: {type: object}");
    assertThat(strings(s.definitionErrors("spec.versions[0].schema", true)))
        .singleElement()
        .asString()
        .startsWith(BASE + ": Invalid value: ")
        .endsWith(
            "fields are allowed at the root of the schema if the status subresource is enabled");
    assertThat(s.definitionErrors("spec.versions[0].schema", false)).isEmpty();
  }

  @Test
  void validSchemaHasNoDefinitionErrors() {
    assertThat(Examples.cnatAt().definitionErrors("spec.versions[0].schema", true)).isEmpty();
    assertThat(Examples.database().definitionErrors("spec.versions[0].schema", true)).isEmpty();
  }
}
