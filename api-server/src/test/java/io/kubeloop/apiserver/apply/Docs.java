package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.kubeloop.apiserver.crd.schema.CrdSchema;
import io.kubeloop.apiserver.crd.schema.SchemaView;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: objects, schemas and managed fields written as YAML. */
final class Docs {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Docs() {}

  static ObjectNode obj(String yaml) {
    try {
      return (ObjectNode) YAML.readTree(yaml);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static JsonNode node(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static SchemaView crd(String yaml) {
    try {
      return CrdSchema.compile(YAML.readValue(yaml, JSONSchemaProps.class)).root();
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The managers of an object as "manager/operation[/subresource]". */
  static List<String> managers(JsonNode object) {
    List<String> out = new ArrayList<>();
    for (JsonNode entry : object.path("metadata").path("managedFields")) {
      String sub = entry.path("subresource").asText("");
      out.add(
          entry.path("manager").asText()
              + "/"
              + entry.path("operation").asText()
              + (sub.isEmpty() ? "" : "/" + sub));
    }
    return out;
  }

  /** The member paths of a manager's entry. */
  static List<String> fields(JsonNode object, String manager) {
    for (JsonNode entry : object.path("metadata").path("managedFields")) {
      if (entry.path("manager").asText().equals(manager)) {
        return FieldsV1.decode(entry.get("fieldsV1")).paths();
      }
    }
    throw new AssertionError("no entry for " + manager + " in " + object);
  }

  static JsonNode entry(JsonNode object, String manager) {
    for (JsonNode entry : object.path("metadata").path("managedFields")) {
      if (entry.path("manager").asText().equals(manager)) {
        return entry;
      }
    }
    throw new AssertionError("no entry for " + manager + " in " + object);
  }
}
