package io.kubeloop.apiserver.crd.schema;

import static io.kubeloop.apiserver.crd.schema.Yaml.compile;
import static io.kubeloop.apiserver.crd.schema.Yaml.obj;
import static io.kubeloop.apiserver.crd.schema.Yaml.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.kubeloop.apiserver.errors.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueValidationTest {

  private static List<String> errors(String schemaSpec, String objYaml) {
    CompiledSchema s =
        compile(
            """
            type: object
            properties:
              spec:
            %s
            """
                .formatted(schemaSpec.indent(4)));
    return strings(s.validate(obj(objYaml)));
  }

  @Test
  void integerType() {
    assertThat(
            errors(
                "type: object\nproperties:\n  replicas:\n    type: integer",
                "spec: {replicas: \"3\"}"))
        .containsExactly(
            "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type"
                + " integer: \"string\"");
    assertThat(
            errors(
                "type: object\nproperties:\n  replicas:\n    type: integer",
                "spec: {replicas: 1.5}"))
        .containsExactly(
            "spec.replicas: Invalid value: \"number\": spec.replicas in body must be of type"
                + " integer: \"number\"");
    // a float64 without fraction is an integer to kube-openapi
    assertThat(
            errors(
                "type: object\nproperties:\n  replicas:\n    type: integer",
                "spec: {replicas: 2.0}"))
        .isEmpty();
  }

  @Test
  void typeErrorsAreTypeInvalidCauses() {
    CompiledSchema s =
        compile(
            "type: object\nproperties:\n  spec:\n    type: object\n    properties:\n      a: {type: boolean}");
    List<FieldError> errs = s.validate(obj("spec: {a: 1}"));
    assertThat(errs).hasSize(1);
    assertThat(errs.get(0).toCause().getReason()).isEqualTo("FieldValueTypeInvalid");
    assertThat(errs.get(0).toString())
        .isEqualTo(
            "spec.a: Invalid value: \"integer\": spec.a in body must be of type boolean: \"integer\"");
  }

  @Test
  void nullAndNullable() {
    String schema =
        "type: object\nproperties:\n  a: {type: string}\n  b: {type: string, nullable: true}";
    assertThat(errors(schema, "spec: {a: null, b: null}"))
        .containsExactly(
            "spec.a: Invalid value: \"null\": spec.a in body must be of type string: \"null\"");
  }

  @Test
  void formats() {
    String schema =
        """
        type: object
        properties:
          schedule: {type: string, format: date-time}
          day: {type: string, format: date}
          id: {type: string, format: uuid}
          host: {type: string, format: hostname}
          ip4: {type: string, format: ipv4}
          ip6: {type: string, format: ipv6}
          net: {type: string, format: cidr}
          mac: {type: string, format: mac}
          ttl: {type: string, format: duration}
          data: {type: string, format: byte}
          link: {type: string, format: uri}
          mail: {type: string, format: email}
          secret: {type: string, format: password}
          custom: {type: string, format: not-a-kube-format}
        """;
    assertThat(
            errors(
                schema,
                """
                spec:
                  schedule: "2019-07-01T12:00:00Z"
                  day: "2019-07-01"
                  id: "123e4567-e89b-12d3-a456-426614174000"
                  host: "example.com"
                  ip4: "10.0.0.1"
                  ip6: "fe80::1"
                  net: "10.0.0.0/8"
                  mac: "01:23:45:67:89:ab"
                  ttl: "1h30m"
                  data: "aGVsbG8="
                  link: "https://example.com/x"
                  mail: "a@example.com"
                  secret: "anything"
                  custom: "anything"
                """))
        .isEmpty();
    assertThat(
            errors(
                schema,
                """
                spec:
                  schedule: "x"
                  day: "2019-13-01"
                  id: "nope"
                  ip4: "10.0.0.256"
                  ip6: "10.0.0.1"
                  net: "10.0.0.0/33"
                  mac: "01:23"
                  ttl: "soon"
                  data: "***"
                  link: "not a uri"
                """))
        .containsExactlyInAnyOrder(
            "spec.schedule: Invalid value: \"x\": spec.schedule in body must be of type date-time: \"x\"",
            "spec.day: Invalid value: \"2019-13-01\": spec.day in body must be of type date: \"2019-13-01\"",
            "spec.id: Invalid value: \"nope\": spec.id in body must be of type uuid: \"nope\"",
            "spec.ip4: Invalid value: \"10.0.0.256\": spec.ip4 in body must be of type ipv4: \"10.0.0.256\"",
            "spec.ip6: Invalid value: \"10.0.0.1\": spec.ip6 in body must be of type ipv6: \"10.0.0.1\"",
            "spec.net: Invalid value: \"10.0.0.0/33\": spec.net in body must be of type cidr: \"10.0.0.0/33\"",
            "spec.mac: Invalid value: \"01:23\": spec.mac in body must be of type mac: \"01:23\"",
            "spec.ttl: Invalid value: \"soon\": spec.ttl in body must be of type duration: \"soon\"",
            "spec.data: Invalid value: \"***\": spec.data in body must be of type byte: \"***\"",
            "spec.link: Invalid value: \"not a uri\": spec.link in body must be of type uri: \"not a uri\"");
  }

  @Test
  void enumPatternAndLengths() {
    String schema =
        """
        type: object
        properties:
          x: {type: string, enum: [a, b]}
          n: {type: integer, enum: [1, 2]}
          name: {type: string, pattern: '^[a-z]+$', minLength: 2, maxLength: 5}
        """;
    assertThat(errors(schema, "spec: {x: c, n: 3, name: Abc}"))
        .containsExactly(
            "spec.x: Unsupported value: \"c\": supported values: \"a\", \"b\"",
            "spec.n: Unsupported value: 3: supported values: \"1\", \"2\"",
            "spec.name: Invalid value: \"Abc\": spec.name in body should match '^[a-z]+$'");
    assertThat(errors(schema, "spec: {name: a}"))
        .containsExactly(
            "spec.name: Invalid value: \"a\": spec.name in body should be at least 2 chars long");
    assertThat(errors(schema, "spec: {name: abcdef}"))
        .containsExactly("spec.name: Too long: may not be more than 5 bytes");
    // lengths count characters (runes), not bytes
    assertThat(errors(schema.replace("'^[a-z]+$'", "'^.+$'"), "spec: {name: \"ééééé\"}")).isEmpty();
  }

  @Test
  void numbers() {
    String schema =
        """
        type: object
        properties:
          i: {type: integer, minimum: 1, maximum: 10, multipleOf: 2}
          e: {type: integer, minimum: 1, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: true}
          f: {type: number, maximum: 1.5, multipleOf: 0.5}
        """;
    assertThat(errors(schema, "spec: {i: 11, e: 1, f: 1.75}"))
        .containsExactly(
            "spec.i: Invalid value: 11: spec.i in body should be a multiple of 2",
            "spec.i: Invalid value: 11: spec.i in body should be less than or equal to 10",
            "spec.e: Invalid value: 1: spec.e in body should be greater than 1",
            "spec.f: Invalid value: 1.75: spec.f in body should be a multiple of 0.5",
            "spec.f: Invalid value: 1.75: spec.f in body should be less than or equal to 1.5");
    assertThat(errors(schema, "spec: {i: 0, e: 10}"))
        .containsExactly(
            "spec.i: Invalid value: 0: spec.i in body should be greater than or equal to 1",
            "spec.e: Invalid value: 10: spec.e in body should be less than 10");
  }

  @Test
  void arraysAndObjects() {
    String schema =
        """
        type: object
        required: [items]
        properties:
          items:
            type: array
            minItems: 1
            maxItems: 2
            items: {type: string}
          labels:
            type: object
            minProperties: 1
            maxProperties: 2
            additionalProperties: {type: string}
          closed:
            type: object
            additionalProperties: false
        """;
    assertThat(errors(schema, "spec: {}")).containsExactly("spec.items: Required value");
    assertThat(errors(schema, "spec: {items: []}"))
        .containsExactly(
            "spec.items: Invalid value: 0: spec.items in body should have at least 1 items");
    assertThat(errors(schema, "spec: {items: [a, b, c], labels: {a: x, b: y, c: z}}"))
        .containsExactly(
            "spec.items: Too many: 3: must have at most 2 items",
            "spec.labels: Too many: 3: must have at most 2 items");
    assertThat(errors(schema, "spec: {items: [a, 1], labels: {}, closed: {x: 1}}"))
        .containsExactly(
            "spec.items[1]: Invalid value: \"integer\": spec.items[1] in body must be of type string:"
                + " \"integer\"",
            "spec.labels: Invalid value: 0: spec.labels in body should have at least 1 properties",
            "spec.closed: Invalid value: \"x\": spec.closed.x in body is a forbidden property");
    assertThat(errors(schema, "spec: {items: [a], labels: {k: 1}}"))
        .containsExactly(
            "spec.labels.k: Invalid value: \"integer\": spec.labels.k in body must be of type"
                + " string: \"integer\"");
  }

  @Test
  void intOrString() {
    String schema = "type: object\nproperties:\n  port: {x-kubernetes-int-or-string: true}";
    assertThat(errors(schema, "spec: {port: 80}")).isEmpty();
    assertThat(errors(schema, "spec: {port: http}")).isEmpty();
    assertThat(errors(schema, "spec: {port: true}"))
        .containsExactly(
            "spec.port: Invalid value: \"boolean\": spec.port in body must be of type"
                + " integer,string: \"boolean\"");
  }

  @Test
  void logicalJunctors() {
    String schema =
        """
        type: object
        properties:
          v:
            type: integer
            oneOf:
            - minimum: 10
            - maximum: 0
          w:
            type: integer
            not:
              minimum: 5
          z:
            type: string
            anyOf:
            - pattern: '^a'
            - pattern: '^b'
        """;
    assertThat(errors(schema, "spec: {v: 11, w: 1, z: apple}")).isEmpty();
    assertThat(errors(schema, "spec: {v: 5, w: 6, z: cherry}"))
        .contains(
            "<nil>: Invalid value: \"\": \"spec.v\" must validate one and only one schema (oneOf)."
                + " Found none valid",
            "<nil>: Invalid value: \"\": \"spec.w\" must not validate the schema (not)",
            "<nil>: Invalid value: \"\": \"spec.z\" must validate at least one schema (anyOf)");
  }

  @Test
  void listTypeSetAndMap() {
    String schema =
        """
        type: object
        properties:
          tags:
            type: array
            x-kubernetes-list-type: set
            items: {type: string}
          ports:
            type: array
            x-kubernetes-list-type: map
            x-kubernetes-list-map-keys: [name]
            items:
              type: object
              required: [name]
              properties:
                name: {type: string}
                port: {type: integer}
        """;
    assertThat(
            errors(
                schema,
                "spec: {tags: [a, b, a, a], ports: [{name: a, port: 1}, {name: a, port: 2}]}"))
        .containsExactly(
            "spec.tags[2]: Duplicate value: \"a\"",
            "spec.ports[1]: Duplicate value: map[string]interface {}{\"name\":\"a\"}");
  }

  @Test
  void embeddedResource() {
    String schema =
        """
        type: object
        properties:
          template:
            type: object
            x-kubernetes-embedded-resource: true
            x-kubernetes-preserve-unknown-fields: true
        """;
    assertThat(errors(schema, "spec: {template: {apiVersion: v1, kind: Pod, metadata: {name: x}}}"))
        .isEmpty();
    assertThat(errors(schema, "spec: {template: {metadata: {name: \"a/b\", labels: {\"-x\": y}}}}"))
        .contains(
            "spec.template.apiVersion: Required value",
            "spec.template.kind: Required value",
            "spec.template.metadata.name: Invalid value: \"a/b\": may not contain '/'");
  }

  @Test
  void metadataNameConstraintsFromTheSchema() {
    CompiledSchema s =
        compile(
            """
            type: object
            properties:
              metadata:
                type: object
                properties:
                  name: {type: string, maxLength: 5}
            """);
    assertThat(strings(s.validate(obj("metadata: {name: toolong}"))))
        .containsExactly("metadata.name: Too long: may not be more than 5 bytes");
  }
}
