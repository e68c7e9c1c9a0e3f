package io.kubeloop.apiserver.crd.schema;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.List;
import java.util.Objects;

/**
 * Entry point of the CRD schema engine.
 *
 * <pre>{@code
 * CompiledSchema schema = CrdSchema.compile(version.getSchema().getOpenAPIV3Schema());
 * List<FieldError> invalid = schema.definitionErrors("spec.versions[0].schema", hasStatus);
 * List<String> unknown = schema.prune(body);   // warnings / strict field validation
 * schema.applyDefaults(body);
 * List<FieldError> errors = schema.validate(body);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class CrdSchema {

  private CrdSchema() {}

  /**
   * Compiles one version's {@code openAPIV3Schema}: copies it (later changes to {@code schema} do
   * not affect the result), checks structurality and compiles its CEL rules. Never fails: problems
   * are reported by {@link CompiledSchema#definitionErrors} and {@link
   * CompiledSchema#structuralErrors}.
   */
  public static CompiledSchema compile(JSONSchemaProps schema) {
    Objects.requireNonNull(schema, "schema");
    return new CompiledSchema(SchemaNode.of(schema));
  }

  /**
   * The errors kube reports with 422 for a CRD version's schema on create, with paths below {@code
   * schemaPath} (e.g. {@code spec.versions[0].schema.openAPIV3Schema.properties[spec]...}).
   */
  public static List<FieldError> validateDefinition(
      JSONSchemaProps schema, String schemaPath, boolean statusSubresource) {
    return compile(schema).definitionErrors(schemaPath, statusSubresource);
  }
}
