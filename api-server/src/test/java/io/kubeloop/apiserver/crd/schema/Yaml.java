package io.kubeloop.apiserver.crd.schema;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.List;

/** Test helpers: schemas and objects written as YAML. */
final class Yaml {

  private Yaml() {}

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static JSONSchemaProps schema(String yaml) {
    try {
      return YAML.readValue(yaml, JSONSchemaProps.class);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ObjectNode obj(String yaml) {
    try {
      return (ObjectNode) YAML.readTree(yaml);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static CompiledSchema compile(String yaml) {
    return CrdSchema.compile(schema(yaml));
  }

  static List<String> strings(List<FieldError> errors) {
    return errors.stream().map(FieldError::toString).toList();
  }
}
