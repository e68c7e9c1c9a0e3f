package io.kubeloop.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import java.util.Map;

/**
 * A Swagger 2.0 document in the protobuf form kubectl and client-go ask {@code /openapi/v2} for
 * ({@code application/com.github.proto-openapi.spec.v2.v1.0+protobuf}): gnostic's {@code
 * openapi.v2.Document} message, as kube-openapi produces it with gnostic's {@code ParseDocument}
 * and {@code proto.Marshal}. client-go accepts nothing else there: it has no JSON fallback.
 *
 * <p>Field numbers are those of gnostic's {@code OpenAPIv2.proto}. Values gnostic keeps as YAML
 * ({@code default}, {@code enum}, {@code example} and vendor extensions) are written as JSON text,
 * which is YAML too, and which kube-openapi's readers unmarshal with a YAML decoder. Only the parts
 * of the format this server's documents use are encoded: operations, inline parameters, responses
 * and schemas; keys gnostic does not know are left out.
 *
 * <p>Stateless; thread-safe.
 */
final class SwaggerProtobuf {

  private SwaggerProtobuf() {}

  static byte[] encode(JsonNode document) {
    ProtoWriter doc = new ProtoWriter();
    doc.string(1, text(document, "swagger"));
    if (document.has("info")) {
      JsonNode info = document.get("info");
      doc.message(
          2,
          new ProtoWriter()
              .string(1, text(info, "title"))
              .string(2, text(info, "version"))
              .string(3, text(info, "description")));
    }
    if (document.has("paths")) {
      ProtoWriter paths = new ProtoWriter();
      extensions(document.get("paths"), paths, 1);
      for (Map.Entry<String, JsonNode> e : document.get("paths").properties()) {
        if (!e.getKey().startsWith("x-")) {
          paths.message(2, named(e.getKey(), pathItem(e.getValue())));
        }
      }
      doc.message(8, paths);
    }
    if (document.has("definitions")) {
      ProtoWriter definitions = new ProtoWriter();
      for (Map.Entry<String, JsonNode> e : document.get("definitions").properties()) {
        definitions.message(1, named(e.getKey(), schema(e.getValue())));
      }
      doc.message(9, definitions);
    }
    extensions(document, doc, 16);
    return doc.toByteArray();
  }

  private static ProtoWriter pathItem(JsonNode item) {
    ProtoWriter w = new ProtoWriter();
    String[] methods = {"get", "put", "post", "delete", "options", "head", "patch"};
    for (int i = 0; i < methods.length; i++) {
      if (item.has(methods[i])) {
        w.message(2 + i, operation(item.get(methods[i])));
      }
    }
    for (JsonNode p : item.path("parameters")) {
      w.message(9, parametersItem(p));
    }
    extensions(item, w, 10);
    return w;
  }

  private static ProtoWriter operation(JsonNode op) {
    ProtoWriter w = new ProtoWriter();
    strings(op.get("tags"), w, 1);
    w.string(2, text(op, "summary"));
    w.string(3, text(op, "description"));
    w.string(5, text(op, "operationId"));
    strings(op.get("produces"), w, 6);
    strings(op.get("consumes"), w, 7);
    for (JsonNode p : op.path("parameters")) {
      w.message(8, parametersItem(p));
    }
    if (op.has("responses")) {
      ProtoWriter responses = new ProtoWriter();
      for (Map.Entry<String, JsonNode> e : op.get("responses").properties()) {
        if (e.getKey().startsWith("x-")) {
          continue;
        }
        JsonNode r = e.getValue();
        ProtoWriter value = new ProtoWriter();
        if (r.has("$ref")) {
          value.message(2, new ProtoWriter().string(1, text(r, "$ref")));
        } else {
          ProtoWriter response = new ProtoWriter().string(1, text(r, "description"));
          if (r.has("schema")) {
            response.message(2, new ProtoWriter().message(1, schema(r.get("schema"))));
          }
          extensions(r, response, 5);
          value.message(1, response);
        }
        responses.message(1, named(e.getKey(), value));
      }
      extensions(op.get("responses"), responses, 2);
      w.message(9, responses);
    }
    strings(op.get("schemes"), w, 10);
    w.bool(11, op.path("deprecated").asBoolean(false));
    extensions(op, w, 13);
    return w;
  }

  private static ProtoWriter parametersItem(JsonNode p) {
    ProtoWriter item = new ProtoWriter();
    if (p.has("$ref")) {
      return item.message(2, new ProtoWriter().string(1, text(p, "$ref")));
    }
    ProtoWriter parameter = new ProtoWriter();
    String in = text(p, "in");
    if (in.equals("body")) {
      ProtoWriter body =
          new ProtoWriter()
              .string(1, text(p, "description"))
              .string(2, text(p, "name"))
              .string(3, in)
              .bool(4, p.path("required").asBoolean(false));
      if (p.has("schema")) {
        body.message(5, schema(p.get("schema")));
      }
      extensions(p, body, 6);
      parameter.message(1, body);
    } else {
      // header 1, formData 2, query 3, path 4; query and formData have allowEmptyValue as
      // field 5, shifting the rest by one
      int which =
          switch (in) {
            case "header" -> 1;
            case "formData" -> 2;
            case "path" -> 4;
            default -> 3;
          };
      boolean shifted = which == 2 || which == 3;
      int o = shifted ? 1 : 0;
      ProtoWriter sub =
          new ProtoWriter()
              .bool(1, p.path("required").asBoolean(false))
              .string(2, in)
              .string(3, text(p, "description"))
              .string(4, text(p, "name"));
      if (shifted) {
        sub.bool(5, p.path("allowEmptyValue").asBoolean(false));
      }
      sub.string(5 + o, text(p, "type"));
      sub.string(6 + o, text(p, "format"));
      sub.string(8 + o, text(p, "collectionFormat"));
      sub.bool(19 + o, p.path("uniqueItems").asBoolean(false));
      extensions(p, sub, 22 + o);
      parameter.message(2, new ProtoWriter().message(which, sub));
    }
    return item.message(1, parameter);
  }

  /** gnostic's {@code Schema} message. */
  static ProtoWriter schema(JsonNode s) {
    ProtoWriter w = new ProtoWriter();
    if (!s.isObject()) {
      return w;
    }
    w.string(1, text(s, "$ref"));
    w.string(2, text(s, "format"));
    w.string(3, text(s, "title"));
    w.string(4, text(s, "description"));
    any(s.get("default"), w, 5);
    number(s.get("multipleOf"), w, 6);
    number(s.get("maximum"), w, 7);
    w.bool(8, s.path("exclusiveMaximum").asBoolean(false));
    number(s.get("minimum"), w, 9);
    w.bool(10, s.path("exclusiveMinimum").asBoolean(false));
    w.int64(11, s.path("maxLength").asLong(0));
    w.int64(12, s.path("minLength").asLong(0));
    w.string(13, text(s, "pattern"));
    w.int64(14, s.path("maxItems").asLong(0));
    w.int64(15, s.path("minItems").asLong(0));
    w.bool(16, s.path("uniqueItems").asBoolean(false));
    w.int64(17, s.path("maxProperties").asLong(0));
    w.int64(18, s.path("minProperties").asLong(0));
    strings(s.get("required"), w, 19);
    for (JsonNode e : s.path("enum")) {
      any(e, w, 20);
    }
    JsonNode additional = s.get("additionalProperties");
    if (additional != null && additional.isBoolean()) {
      // a oneof member has presence: false is written too
      w.message(21, new ProtoWriter().presentBool(2, additional.booleanValue()));
    } else if (additional != null && additional.isObject()) {
      w.message(21, new ProtoWriter().message(1, schema(additional)));
    }
    JsonNode type = s.get("type");
    if (type != null && (type.isTextual() || type.isArray())) {
      ProtoWriter types = new ProtoWriter();
      strings(type, types, 1);
      w.message(22, types);
    }
    JsonNode items = s.get("items");
    if (items != null && (items.isObject() || items.isArray())) {
      ProtoWriter list = new ProtoWriter();
      if (items.isObject()) {
        list.message(1, schema(items));
      } else {
        items.forEach(i -> list.message(1, schema(i)));
      }
      w.message(23, list);
    }
    for (JsonNode a : s.path("allOf")) {
      w.message(24, schema(a));
    }
    if (s.get("properties") instanceof ObjectNode properties) {
      ProtoWriter props = new ProtoWriter();
      for (Map.Entry<String, JsonNode> e : properties.properties()) {
        props.message(1, named(e.getKey(), schema(e.getValue())));
      }
      w.message(25, props);
    }
    w.string(26, text(s, "discriminator"));
    w.bool(27, s.path("readOnly").asBoolean(false));
    if (s.get("externalDocs") instanceof ObjectNode docs) {
      w.message(
          29, new ProtoWriter().string(1, text(docs, "description")).string(2, text(docs, "url")));
    }
    any(s.get("example"), w, 30);
    extensions(s, w, 31);
    return w;
  }

  private static ProtoWriter named(String name, ProtoWriter value) {
    return new ProtoWriter().repeatedString(1, name).message(2, value);
  }

  /** Every {@code x-} key as a NamedAny in the given repeated field. */
  private static void extensions(JsonNode node, ProtoWriter w, int field) {
    if (node == null || !node.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getKey().startsWith("x-")) {
        ProtoWriter any = new ProtoWriter();
        any.string(2, yaml(e.getValue()));
        w.message(field, new ProtoWriter().string(1, e.getKey()).message(2, any));
      }
    }
  }

  private static void any(JsonNode value, ProtoWriter w, int field) {
    if (value != null && !value.isMissingNode()) {
      w.message(field, new ProtoWriter().string(2, yaml(value)));
    }
  }

  private static void number(JsonNode value, ProtoWriter w, int field) {
    if (value != null && value.isNumber()) {
      w.doubleValue(field, value.doubleValue());
    }
  }

  private static void strings(JsonNode values, ProtoWriter w, int field) {
    if (values == null) {
      return;
    }
    if (values.isTextual()) {
      w.repeatedString(field, values.asText());
      return;
    }
    for (JsonNode v : values) {
      w.repeatedString(field, v.asText());
    }
  }

  /** JSON is YAML: kube-openapi reads these values with a YAML decoder. */
  private static String yaml(JsonNode value) {
    return new String(Json.write(value), java.nio.charset.StandardCharsets.UTF_8) + "\n";
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.asText() : "";
  }
}
