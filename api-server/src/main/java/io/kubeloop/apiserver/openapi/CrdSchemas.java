package io.kubeloop.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import java.util.Iterator;
import java.util.Map;

/**
 * The published schema of a custom resource, built from its CRD's {@code openAPIV3Schema} as kube's
 * CRD OpenAPI builder does: {@code metadata} becomes a reference to ObjectMeta, {@code apiVersion}
 * and {@code kind} are added, the kind is tagged with {@code x-kubernetes-group-version-kind}; a
 * list definition is added beside it. For Swagger 2.0 the schema is first made digestible for
 * kubectl ({@code ToStructuralOpenAPIV2}): junctors ({@code allOf}, {@code anyOf}, {@code oneOf},
 * {@code not}) are dropped, nullable fields lose their type and structure (and their place in
 * {@code required}), fields preserving unknown fields lose {@code properties} and {@code items},
 * and arrays left without items lose their type. A schema that preserves unknown fields at the top
 * is published as a bare object in v2, since kubectl would otherwise reject every field it does not
 * list.
 *
 * <p>Stateless; thread-safe.
 */
final class CrdSchemas {

  private CrdSchemas() {}

  /**
   * The schema of {@code version} in a CRD, or null when the CRD has none (or not that version).
   */
  static JsonNode versionSchema(JsonNode crd, String version) {
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version)) {
        JsonNode schema = v.path("schema").path("openAPIV3Schema");
        return schema.isObject() ? schema : null;
      }
    }
    return null;
  }

  /**
   * Adds the definitions of one custom resource version (kind and list) to {@code definitions}.
   *
   * @param schema the version's openAPIV3Schema, or null
   * @param v2 whether the definitions are for Swagger 2.0 (else OpenAPI 3.0)
   * @param refPrefix {@code #/definitions/} or {@code #/components/schemas/}
   * @return the definition name of the kind
   */
  static String addDefinitions(
      String group,
      String version,
      String kind,
      JsonNode schema,
      boolean preserveUnknownFields,
      boolean v2,
      String refPrefix,
      Map<String, ObjectNode> definitions) {
    String name = KubeNames.customResource(group, version, kind);
    ObjectNode definition;
    boolean bare =
        schema == null
            || (v2
                && (preserveUnknownFields
                    || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)));
    if (bare) {
      definition = Json.MAPPER.createObjectNode();
      definition.put("type", "object");
    } else {
      definition = schema.deepCopy();
      if (v2) {
        toV2(definition);
      }
      ObjectNode properties = definition.withObject("properties");
      properties.set("metadata", ref(refPrefix, KubeNames.META + "ObjectMeta", !v2));
      properties.set("apiVersion", typeMeta("APIVersion"));
      properties.set("kind", typeMeta("Kind"));
      definition.put("type", "object");
    }
    definition.set("x-kubernetes-group-version-kind", gvk(group, version, kind));
    definitions.put(name, definition);

    ObjectNode list = Json.MAPPER.createObjectNode();
    list.putArray("required").add("items");
    ObjectNode properties = list.putObject("properties");
    properties.set("apiVersion", typeMeta("APIVersion"));
    ObjectNode items = properties.putObject("items");
    items.put("type", "array");
    items.set("items", ref(refPrefix, name, false));
    properties.set("kind", typeMeta("Kind"));
    properties.set("metadata", ref(refPrefix, KubeNames.META + "ListMeta", !v2));
    if (!v2) {
      list.put("type", "object");
    }
    list.set("x-kubernetes-group-version-kind", gvk(group, version, kind + "List"));
    definitions.put(name + "List", list);
    return name;
  }

  static ArrayNode gvk(String group, String version, String kind) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    ObjectNode gvk = array.addObject();
    gvk.put("group", group);
    gvk.put("kind", kind);
    gvk.put("version", version);
    return array;
  }

  private static ObjectNode ref(String prefix, String definition, boolean wrap) {
    ObjectNode ref = Json.MAPPER.createObjectNode();
    ref.put("$ref", prefix + definition);
    if (!wrap) {
      return ref;
    }
    // OpenAPI 3.0 ignores siblings of $ref; kube wraps references that carry a default
    ObjectNode wrapped = Json.MAPPER.createObjectNode();
    wrapped.putArray("allOf").add(ref);
    wrapped.putObject("default");
    return wrapped;
  }

  private static ObjectNode typeMeta(String field) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put(
        "description",
        field.equals("Kind")
            ? "Kind is a string value representing the REST resource this object represents."
            : "APIVersion defines the versioned schema of this representation of an object.");
    node.put("type", "string");
    return node;
  }

  /** Kube's {@code ToStructuralOpenAPIV2}, applied in place to every nested schema. */
  static void toV2(ObjectNode s) {
    s.remove("allOf");
    s.remove("anyOf");
    s.remove("oneOf");
    s.remove("not");
    if (s.path("nullable").asBoolean(false)) {
      s.remove("type");
      s.remove("items");
      s.remove("properties");
    }
    s.remove("nullable");
    if (s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      s.remove("items");
      s.remove("properties");
    }
    if (s.path("type").asText("").equals("array") && !s.has("items")) {
      s.remove("type");
    }
    JsonNode properties = s.get("properties");
    if (properties instanceof ObjectNode props) {
      if (s.get("required") instanceof ArrayNode required) {
        for (Iterator<JsonNode> it = required.iterator(); it.hasNext(); ) {
          if (props.path(it.next().asText()).path("nullable").asBoolean(false)) {
            it.remove();
          }
        }
        if (required.isEmpty()) {
          s.remove("required");
        }
      }
      props.forEach(p -> convertChild(p));
    }
    convertChild(s.get("items"));
    JsonNode additional = s.get("additionalProperties");
    if (additional instanceof ObjectNode a) {
      a.remove("nullable");
      convertChild(a);
    }
  }

  private static void convertChild(JsonNode node) {
    if (node instanceof ObjectNode child) {
      toV2(child);
    } else if (node instanceof ArrayNode array) {
      array.forEach(CrdSchemas::convertChild);
    }
  }
}
