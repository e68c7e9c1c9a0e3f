package io.kubeloop.apiserver.crd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.crd.schema.CompiledSchema;
import io.kubeloop.apiserver.crd.schema.CrdSchema;
import io.kubeloop.apiserver.errors.FieldError;
import io.kubeloop.apiserver.registry.ObjectPolicy;
import io.kubeloop.apiserver.validation.Names;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Defaults and validation of CustomResourceDefinition objects (apiextensions.k8s.io/v1), as
 * kube-apiserver applies them: name = plural.group, one storage version, schemas required and
 * structural, names well formed, scope immutable. Conversion webhooks are not served yet and are
 * refused.
 */
final class CrdPolicy implements ObjectPolicy {

  /** The finalizer that holds a deleted CRD until its custom resources are gone. */
  static final String CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

  private final ObjectPolicy metadata;

  CrdPolicy(ObjectPolicy metadata) {
    this.metadata = metadata;
  }

  @Override
  public void applyDefaults(ObjectNode crd) {
    ObjectNode spec = crd.withObject("spec");
    ObjectNode names = spec.withObject("names");
    String kind = names.path("kind").asText("");
    if (!kind.isEmpty()) {
      if (names.path("singular").asText("").isEmpty()) {
        names.put("singular", kind.toLowerCase(Locale.ROOT));
      }
      if (names.path("listKind").asText("").isEmpty()) {
        names.put("listKind", kind + "List");
      }
    }
    ObjectNode conversion = spec.withObject("conversion");
    if (conversion.path("strategy").asText("").isEmpty()) {
      conversion.put("strategy", "None");
    }
  }

  @Override
  public void prepareForCreate(ObjectNode crd) {
    ObjectNode status = crd.putObject("status");
    status.putObject("acceptedNames").put("kind", "").put("plural", "");
    status.putArray("conditions");
    ArrayNode stored = status.putArray("storedVersions");
    String storage = storageVersion(crd);
    if (storage != null) {
      stored.add(storage);
    }
    ArrayNode finalizers = crd.withObject("metadata").withArray("finalizers");
    boolean present = false;
    for (JsonNode f : finalizers) {
      present |= CLEANUP_FINALIZER.equals(f.asText());
    }
    if (!present) {
      finalizers.add(CLEANUP_FINALIZER);
    }
  }

  @Override
  public List<FieldError> validate(ObjectNode crd) {
    List<FieldError> errors = new ArrayList<>(metadata.validate(crd));
    errors.addAll(validateSpec(crd));
    return errors;
  }

  @Override
  public List<FieldError> validateUpdate(ObjectNode crd, ObjectNode old) {
    List<FieldError> errors = new ArrayList<>(metadata.validateUpdate(crd, old));
    errors.addAll(validateSpec(crd));
    String scope = crd.path("spec").path("scope").asText("");
    String oldScope = old.path("spec").path("scope").asText("");
    if (!scope.equals(oldScope)) {
      errors.add(FieldError.invalid("spec.scope", scope, "field is immutable"));
    }
    String group = crd.path("spec").path("group").asText("");
    if (!group.equals(old.path("spec").path("group").asText(""))) {
      errors.add(FieldError.invalid("spec.group", group, "field is immutable"));
    }
    return errors;
  }

  @Override
  public List<FieldError> validateStatusUpdate(ObjectNode crd, ObjectNode old) {
    return metadata.validateStatusUpdate(crd, old);
  }

  /** The version marked {@code storage: true}, or null. */
  static String storageVersion(JsonNode crd) {
    for (JsonNode version : crd.path("spec").path("versions")) {
      if (version.path("storage").asBoolean(false)) {
        return version.path("name").asText();
      }
    }
    return null;
  }

  private static List<FieldError> validateSpec(ObjectNode crd) {
    List<FieldError> errors = new ArrayList<>();
    JsonNode spec = crd.path("spec");
    String group = spec.path("group").asText("");
    JsonNode names = spec.path("names");
    String plural = names.path("plural").asText("");
    String name = crd.path("metadata").path("name").asText("");
    if (!name.equals(plural + "." + group)) {
      errors.add(
          FieldError.invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
    }
    if (group.isEmpty()) {
      errors.add(FieldError.required("spec.group", ""));
    } else {
      Names.isDns1123Subdomain(group)
          .forEach(m -> errors.add(FieldError.invalid("spec.group", group, m)));
      if (!group.contains(".")) {
        errors.add(
            FieldError.invalid("spec.group", group, "should be a domain with at least one dot"));
      }
    }
    validateNames(names, errors);
    String scope = spec.path("scope").asText("");
    if (scope.isEmpty()) {
      errors.add(FieldError.required("spec.scope", ""));
    } else if (!scope.equals("Namespaced") && !scope.equals("Cluster")) {
      errors.add(FieldError.notSupported("spec.scope", scope, List.of("Cluster", "Namespaced")));
    }
    validateVersions(spec.path("versions"), errors);
    String strategy = spec.path("conversion").path("strategy").asText("None");
    if (!strategy.equals("None")) {
      errors.add(
          strategy.equals("Webhook")
              ? FieldError.invalid(
                  "spec.conversion.strategy",
                  strategy,
                  "webhook conversion is not supported by this server yet; use \"None\"")
              : FieldError.notSupported(
                  "spec.conversion.strategy", strategy, List.of("None", "Webhook")));
    }
    return errors;
  }

  private static void validateNames(JsonNode names, List<FieldError> errors) {
    String plural = names.path("plural").asText("");
    String singular = names.path("singular").asText("");
    String kind = names.path("kind").asText("");
    String listKind = names.path("listKind").asText("");
    if (plural.isEmpty()) {
      errors.add(FieldError.required("spec.names.plural", ""));
    } else {
      Names.isDns1035Label(plural)
          .forEach(m -> errors.add(FieldError.invalid("spec.names.plural", plural, m)));
    }
    if (!singular.isEmpty()) {
      Names.isDns1035Label(singular)
          .forEach(m -> errors.add(FieldError.invalid("spec.names.singular", singular, m)));
    }
    if (kind.isEmpty()) {
      errors.add(FieldError.required("spec.names.kind", ""));
    } else {
      Names.isDns1035Label(kind.toLowerCase(Locale.ROOT))
          .forEach(
              m ->
                  errors.add(
                      FieldError.invalid(
                          "spec.names.kind",
                          kind,
                          "may have mixed case, but should otherwise match: " + m)));
    }
    if (!listKind.isEmpty() && listKind.equals(kind)) {
      errors.add(
          FieldError.invalid(
              "spec.names.listKind", listKind, "kind and listKind may not be the same"));
    }
    int i = 0;
    for (JsonNode shortName : names.path("shortNames")) {
      String value = shortName.asText();
      int index = i++;
      Names.isDns1035Label(value)
          .forEach(
              m ->
                  errors.add(FieldError.invalid("spec.names.shortNames[" + index + "]", value, m)));
    }
    i = 0;
    for (JsonNode category : names.path("categories")) {
      String value = category.asText();
      int index = i++;
      Names.isDns1035Label(value)
          .forEach(
              m ->
                  errors.add(FieldError.invalid("spec.names.categories[" + index + "]", value, m)));
    }
  }

  private static void validateVersions(JsonNode versions, List<FieldError> errors) {
    if (!versions.isArray() || versions.isEmpty()) {
      errors.add(
          FieldError.invalid(
              "spec.versions", "null", "must have exactly one version marked as storage version"));
      return;
    }
    int storage = 0;
    boolean served = false;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < versions.size(); i++) {
      JsonNode version = versions.get(i);
      String path = "spec.versions[" + i + "]";
      String name = version.path("name").asText("");
      if (name.isEmpty()) {
        errors.add(FieldError.required(path + ".name", ""));
      } else {
        Names.isDns1035Label(name)
            .forEach(m -> errors.add(FieldError.invalid(path + ".name", name, m)));
        if (!seen.add(name)) {
          errors.add(FieldError.duplicate(path + ".name", name));
        }
      }
      if (version.path("storage").asBoolean(false)) {
        storage++;
      }
      served |= version.path("served").asBoolean(false);
      JsonNode schema = version.path("schema").path("openAPIV3Schema");
      if (schema.isMissingNode() || schema.isNull()) {
        errors.add(FieldError.required(path + ".schema.openAPIV3Schema", "schemas are required"));
      } else {
        errors.addAll(schemaErrors(schema, path, version.path("subresources").has("status")));
      }
    }
    if (storage != 1) {
      errors.add(
          FieldError.invalid(
              "spec.versions",
              versionNames(versions),
              "must have exactly one version marked as storage version"));
    }
    if (!served) {
      errors.add(
          FieldError.invalid(
              "spec.versions",
              versionNames(versions),
              "must have at least one version marked as served"));
    }
  }

  /** A version's schema must be structural and valid as a CRD schema (kube answers 422). */
  private static List<FieldError> schemaErrors(
      JsonNode schema, String versionPath, boolean status) {
    JSONSchemaProps props;
    try {
      props = Json.MAPPER.treeToValue(schema, JSONSchemaProps.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return List.of(
          FieldError.invalid(
              versionPath + ".schema.openAPIV3Schema", "", "cannot be decoded: " + e.getMessage()));
    }
    CompiledSchema compiled = CrdSchema.compile(props);
    List<FieldError> errors =
        new ArrayList<>(compiled.definitionErrors(versionPath + ".schema", status));
    errors.addAll(compiled.structuralErrors(versionPath + ".schema.openAPIV3Schema"));
    return errors;
  }

  private static String versionNames(JsonNode versions) {
    List<String> names = new ArrayList<>();
    versions.forEach(v -> names.add(v.path("name").asText()));
    return names.toString();
  }
}
