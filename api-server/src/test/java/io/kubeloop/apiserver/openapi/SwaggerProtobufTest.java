package io.kubeloop.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The parts of gnostic's Schema message that CRD schemas use. */
class SwaggerProtobufTest {

  @Test
  void schemaKeywordsUseGnosticsFieldNumbers() {
    ProtoReader schema =
        new ProtoReader(
            SwaggerProtobuf.schema(
                    Fixtures.yaml(
                        """
                        type: object
                        description: d
                        required: [a]
                        additionalProperties: false
                        properties:
                          a: {type: integer, format: int64, minimum: 1, maximum: 10.5, default: 3}
                          b: {type: string, enum: [x, "y"], maxLength: 5, pattern: '^x'}
                          c: {type: array, items: {type: boolean}, minItems: 2, uniqueItems: true}
                          d: {type: object, additionalProperties: {type: string}}
                        x-kubernetes-preserve-unknown-fields: true
                        """))
                .toByteArray());
    assertThat(schema.messages(22).get(0).strings(1)).containsExactly("object");
    assertThat(schema.strings(4)).containsExactly("d");
    assertThat(schema.strings(19)).containsExactly("a");
    // additionalProperties: false is the oneof's boolean, present with value 0
    assertThat(schema.messages(21).get(0).varints(2)).containsExactly(0L);
    ProtoReader a = property(schema, "a");
    assertThat(a.strings(2)).containsExactly("int64");
    assertThat(a.doubles(9)).containsExactly(1.0);
    assertThat(a.doubles(7)).containsExactly(10.5);
    assertThat(a.messages(5).get(0).strings(2)).containsExactly("3\n");
    ProtoReader b = property(schema, "b");
    assertThat(b.messages(20)).hasSize(2);
    assertThat(Fixtures.yaml(b.messages(20).get(1).strings(2).get(0)).asText()).isEqualTo("y");
    assertThat(b.varints(11)).containsExactly(5L);
    assertThat(b.strings(13)).containsExactly("^x");
    ProtoReader c = property(schema, "c");
    assertThat(c.messages(23).get(0).messages(1).get(0).messages(22).get(0).strings(1))
        .containsExactly("boolean");
    assertThat(c.varints(15)).containsExactly(2L);
    assertThat(c.varints(16)).containsExactly(1L);
    ProtoReader d = property(schema, "d");
    assertThat(d.messages(21).get(0).messages(1).get(0).messages(22).get(0).strings(1))
        .containsExactly("string");
    ProtoReader extension = schema.messages(31).get(0);
    assertThat(extension.strings(1)).containsExactly("x-kubernetes-preserve-unknown-fields");
    assertThat(extension.messages(2).get(0).strings(2)).containsExactly("true\n");
  }

  private static ProtoReader property(ProtoReader schema, String name) {
    for (ProtoReader named : schema.messages(25).get(0).messages(1)) {
      if (named.strings(1).get(0).equals(name)) {
        return named.messages(2).get(0);
      }
    }
    throw new AssertionError("no property " + name);
  }
}
