package io.kubeloop.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kubeloop.apiserver.codec.Json;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the Swagger 2.0 shapes of this package into OpenAPI 3.0 ones, as kube publishes them under
 * {@code /openapi/v3}: references move to {@code #/components/schemas/}, structs get {@code type:
 * object}, a reference with siblings (patch strategy, list type) is wrapped in {@code allOf} (3.0
 * ignores siblings of {@code $ref}), IntOrString and Quantity become {@code oneOf}s, and operations
 * get {@code requestBody} and per-media-type {@code content}.
 *
 * <p>Stateless; thread-safe.
 */
final class OpenApiV3 {

  static final String REF_PREFIX = "#/components/schemas/";

  private static final Map<String, String> OPAQUE =
      Map.of(
          "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
          "{\"format\":\"int-or-string\",\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}]}",
          "io.k8s.apimachinery.pkg.api.resource.Quantity",
          "{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"number\"}]}");

  private static final List<String> RESPONSE_TYPES =
      List.of("application/json", "application/yaml");

  private OpenApiV3() {}

  /** The OpenAPI 3.0 form of a built-in definition. */
  static ObjectNode definition(String name, ObjectNode v2) {
    String opaque = OPAQUE.get(name);
    if (opaque != null) {
      try {
        return (ObjectNode) Json.MAPPER.readTree(opaque);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    ObjectNode v3 = v2.deepCopy();
    if (v3.has("properties") && !v3.has("type")) {
      v3.put("type", "object");
    }
    convertSchema(v3);
    return v3;
  }

  /** Rewrites references and wraps those with siblings, in place, in a schema tree. */
  private static void convertSchema(ObjectNode schema) {
    Deque<ObjectNode> pending = new ArrayDeque<>();
    pending.push(schema);
    while (!pending.isEmpty()) {
      ObjectNode s = pending.pop();
      JsonNode ref = s.get("$ref");
      if (ref != null && ref.isTextual()) {
        String target = REF_PREFIX + ref.asText().substring(ref.asText().lastIndexOf('/') + 1);
        if (s.size() > 1) {
          s.remove("$ref");
          s.putArray("allOf").addObject().put("$ref", target);
        } else {
          s.set("$ref", TextNode.valueOf(target));
        }
      }
      if (s.get("properties") instanceof ObjectNode properties) {
        properties.forEach(p -> push(p, pending));
      }
      push(s.get("items"), pending);
      push(s.get("additionalProperties"), pending);
      for (String junctor : List.of("allOf", "anyOf", "oneOf")) {
        JsonNode list = s.get(junctor);
        if (list != null && ref == null) {
          list.forEach(p -> push(p, pending));
        }
      }
    }
  }

  private static void push(JsonNode node, Deque<ObjectNode> pending) {
    if (node instanceof ObjectNode object) {
      pending.push(object);
    }
  }

  /** The OpenAPI 3.0 form of a Swagger 2.0 path item. */
  static ObjectNode pathItem(ObjectNode v2) {
    ObjectNode v3 = Json.MAPPER.createObjectNode();
    for (Map.Entry<String, JsonNode> e : v2.properties()) {
      v3.set(e.getKey(), operation((ObjectNode) e.getValue()));
    }
    return v3;
  }

  private static ObjectNode operation(ObjectNode v2) {
    ObjectNode v3 = Json.MAPPER.createObjectNode();
    v3.set("tags", v2.get("tags"));
    v3.set("operationId", v2.get("operationId"));
    ArrayNode parameters = v3.putArray("parameters");
    for (JsonNode p : v2.path("parameters")) {
      if (p.path("in").asText().equals("body")) {
        ObjectNode body = v3.putObject("requestBody");
        ObjectNode content = body.putObject("content");
        for (JsonNode type : v2.path("consumes")) {
          content.putObject(type.asText()).set("schema", schemaRef(p.get("schema")));
        }
        if (p.path("required").asBoolean(false)) {
          body.put("required", true);
        }
        continue;
      }
      ObjectNode param = parameters.addObject();
      param.set("name", p.get("name"));
      param.set("in", p.get("in"));
      if (p.path("required").asBoolean(false)) {
        param.put("required", true);
      }
      ObjectNode schema = param.putObject("schema");
      schema.set("type", p.get("type"));
      if (p.path("uniqueItems").asBoolean(false)) {
        schema.put("uniqueItems", true);
      }
    }
    ObjectNode responses = v3.putObject("responses");
    for (Map.Entry<String, JsonNode> r : v2.path("responses").properties()) {
      ObjectNode response = responses.putObject(r.getKey());
      response.set("description", r.getValue().get("description"));
      if (r.getValue().has("schema")) {
        ObjectNode content = response.putObject("content");
        for (String type : RESPONSE_TYPES) {
          content.putObject(type).set("schema", schemaRef(r.getValue().get("schema")));
        }
      }
    }
    for (Map.Entry<String, JsonNode> e : v2.properties()) {
      if (e.getKey().startsWith("x-")) {
        v3.set(e.getKey(), e.getValue().deepCopy());
      }
    }
    return v3;
  }

  private static ObjectNode schemaRef(JsonNode v2) {
    ObjectNode copy = (ObjectNode) v2.deepCopy();
    convertSchema(copy);
    return copy;
  }

  /**
   * The definitions reachable from {@code roots} (typically a group version's path items) through
   * {@code $ref}s, looked up in {@code schemas}.
   */
  static Map<String, ObjectNode> closure(JsonNode roots, Map<String, ObjectNode> schemas) {
    Map<String, ObjectNode> result = new TreeMap<>();
    Deque<JsonNode> pending = new ArrayDeque<>();
    pending.push(roots);
    Set<String> seen = new java.util.HashSet<>();
    while (!pending.isEmpty()) {
      JsonNode node = pending.pop();
      if (node.isObject()) {
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isTextual() && ref.asText().startsWith(REF_PREFIX)) {
          String name = ref.asText().substring(REF_PREFIX.length());
          ObjectNode target = schemas.get(name);
          if (target != null && seen.add(name)) {
            result.put(name, target);
            pending.push(target);
          }
        }
      }
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        JsonNode child = it.next();
        if (child.isContainerNode()) {
          pending.push(child);
        }
      }
    }
    return result;
  }
}
