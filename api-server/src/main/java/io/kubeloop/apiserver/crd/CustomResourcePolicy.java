package io.kubeloop.apiserver.crd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.crd.schema.CompiledSchema;
import io.kubeloop.apiserver.crd.schema.CrdSchema;
import io.kubeloop.apiserver.crd.schema.SchemaView;
import io.kubeloop.apiserver.errors.FieldError;
import io.kubeloop.apiserver.registry.ObjectPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a CRD's schemas to its custom resources: pruning of unknown fields, defaults and
 * validation, plus kube's generic metadata rules. Each object is checked against the schema of its
 * own apiVersion; versions without a schema accept anything.
 */
final class CustomResourcePolicy implements ObjectPolicy {

  private final String group;
  private final ObjectPolicy metadata;
  private final Map<String, CompiledSchema> schemas;

  private CustomResourcePolicy(
      String group, ObjectPolicy metadata, Map<String, CompiledSchema> schemas) {
    this.group = group;
    this.metadata = metadata;
    this.schemas = schemas;
  }

  /** Compiles the schema of every version of {@code crd}. */
  static CustomResourcePolicy of(JsonNode crd, ObjectPolicy metadata) {
    Map<String, CompiledSchema> schemas = new HashMap<>();
    for (JsonNode version : crd.path("spec").path("versions")) {
      JsonNode schema = version.path("schema").path("openAPIV3Schema");
      if (schema.isObject()) {
        try {
          JSONSchemaProps props = Json.MAPPER.treeToValue(schema, JSONSchemaProps.class);
          schemas.put(version.path("name").asText(), CrdSchema.compile(props));
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException(
              "schema of version " + version.path("name").asText() + " cannot be read", e);
        }
      }
    }
    return new CustomResourcePolicy(
        crd.path("spec").path("group").asText(), metadata, Map.copyOf(schemas));
  }

  private CompiledSchema schemaOf(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText("");
    String version =
        apiVersion.startsWith(group + "/") ? apiVersion.substring(group.length() + 1) : apiVersion;
    return schemas.get(version);
  }

  @Override
  public List<String> pruneUnknownFields(ObjectNode object) {
    CompiledSchema schema = schemaOf(object);
    return schema == null ? List.of() : schema.prune(object);
  }

  @Override
  public Optional<SchemaView> structuralSchema(ObjectNode object) {
    CompiledSchema schema = schemaOf(object);
    return schema == null ? Optional.empty() : Optional.of(schema.root());
  }

  @Override
  public void applyDefaults(ObjectNode object) {
    CompiledSchema schema = schemaOf(object);
    if (schema != null) {
      schema.prune(object);
      schema.applyDefaults(object);
    }
  }

  @Override
  public List<FieldError> validate(ObjectNode object) {
    List<FieldError> errors = new ArrayList<>(metadata.validate(object));
    CompiledSchema schema = schemaOf(object);
    if (schema != null) {
      errors.addAll(schema.validate(object));
    }
    return errors;
  }

  @Override
  public List<FieldError> validateUpdate(ObjectNode object, ObjectNode old) {
    List<FieldError> errors = new ArrayList<>(metadata.validateUpdate(object, old));
    CompiledSchema schema = schemaOf(object);
    if (schema != null) {
      errors.addAll(schema.validateUpdate(object, old));
    }
    return errors;
  }

  @Override
  public List<FieldError> validateStatusUpdate(ObjectNode object, ObjectNode old) {
    return validateUpdate(object, old);
  }
}
