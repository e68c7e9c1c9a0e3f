package io.kubeloop.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable copy of one {@code JSONSchemaProps} node, the single model every algorithm here
 * walks: value validation reads all of it (as kube-openapi reads its {@code spec.Schema}); pruning
 * and defaulting read only the structural part (type, properties, items, additionalProperties,
 * default, nullable and the {@code x-kubernetes-*} extensions), ignoring the logical junctors as
 * kube's {@code Structural} type does.
 *
 * <p>Copying once at compile time keeps the algorithms independent of later mutation of the Fabric8
 * object the caller passed in, and makes the tree safe to share between threads.
 */
final class SchemaNode {

  final String type;
  final String format;
  final String title;
  final String description;
  final boolean nullable;
  final JsonNode defaultValue;
  final List<JsonNode> enumValues;
  final Double maximum;
  final boolean exclusiveMaximum;
  final Double minimum;
  final boolean exclusiveMinimum;
  final Long maxLength;
  final Long minLength;
  final String pattern;

  /** {@link #pattern} compiled with RE2 semantics (Go's regexp), or null if absent or invalid. */
  final com.google.re2j.Pattern compiledPattern;

  /** Why {@link #pattern} does not compile, in Go's words; null if it compiles. */
  final String patternError;

  final Long maxItems;
  final Long minItems;
  final boolean uniqueItems;
  final Double multipleOf;
  final Long maxProperties;
  final Long minProperties;
  final List<String> required;

  /** Declared properties in declaration order; empty when none. */
  final Map<String, SchemaNode> properties;

  /** The single {@code items} schema, or null. */
  final SchemaNode items;

  /** Whether {@code items} was given as an array of schemas (never structural). */
  final boolean itemsIsArray;

  /** The array form of {@code items}; empty unless {@link #itemsIsArray}. */
  final List<SchemaNode> itemsArray;

  /** Whether {@code additionalProperties} was given at all. */
  final boolean hasAdditionalProperties;

  /** {@code additionalProperties: true/false}, or true when a schema is given. */
  final boolean additionalPropertiesAllowed;

  /** The {@code additionalProperties} schema, or null. */
  final SchemaNode additionalProperties;

  final List<SchemaNode> allOf;
  final List<SchemaNode> anyOf;
  final List<SchemaNode> oneOf;
  final SchemaNode not;

  /** {@code x-kubernetes-preserve-unknown-fields} as given (null when unset). */
  final Boolean preserveUnknownFieldsRaw;

  final boolean embeddedResource;
  final boolean intOrString;
  final String listType;
  final List<String> listMapKeys;
  final String mapType;
  final List<ValidationRule> validations;

  // Fields kube rejects in CRD schemas; kept to report them.
  final String id;
  final String schemaUri;
  final String ref;
  final boolean hasPatternProperties;
  final boolean hasDependencies;
  final boolean hasAdditionalItems;
  final boolean hasDefinitions;
  final Map<String, SchemaNode> definitions;
  final Map<String, SchemaNode> dependencySchemas;
  final boolean hasExternalDocs;

  private SchemaNode(JSONSchemaProps p) {
    type = emptyToNull(p.getType());
    format = emptyToNull(p.getFormat());
    title = emptyToNull(p.getTitle());
    description = emptyToNull(p.getDescription());
    nullable = Boolean.TRUE.equals(p.getNullable());
    JsonNode def = p.getDefault();
    defaultValue = def == null || def.isMissingNode() ? null : def.deepCopy();
    enumValues = p.getEnum() == null ? List.of() : copyNodes(p.getEnum());
    maximum = p.getMaximum();
    exclusiveMaximum = Boolean.TRUE.equals(p.getExclusiveMaximum());
    minimum = p.getMinimum();
    exclusiveMinimum = Boolean.TRUE.equals(p.getExclusiveMinimum());
    maxLength = p.getMaxLength();
    minLength = p.getMinLength();
    pattern = emptyToNull(p.getPattern());
    com.google.re2j.Pattern compiled = null;
    String error = null;
    if (pattern != null) {
      try {
        compiled = com.google.re2j.Pattern.compile(pattern);
      } catch (com.google.re2j.PatternSyntaxException e) {
        error = e.getMessage();
      }
    }
    compiledPattern = compiled;
    patternError = error;
    maxItems = p.getMaxItems();
    minItems = p.getMinItems();
    uniqueItems = Boolean.TRUE.equals(p.getUniqueItems());
    multipleOf = p.getMultipleOf();
    maxProperties = p.getMaxProperties();
    minProperties = p.getMinProperties();
    required = p.getRequired() == null ? List.of() : List.copyOf(p.getRequired());
    properties = copyMap(p.getProperties());
    if (p.getItems() != null) {
      items = p.getItems().getSchema() == null ? null : new SchemaNode(p.getItems().getSchema());
      List<JSONSchemaProps> arr = p.getItems().getJSONSchemas();
      itemsIsArray = arr != null && !arr.isEmpty();
      itemsArray = itemsIsArray ? copyList(arr) : List.of();
    } else {
      items = null;
      itemsIsArray = false;
      itemsArray = List.of();
    }
    if (p.getAdditionalProperties() != null) {
      hasAdditionalProperties = true;
      JSONSchemaProps ap = p.getAdditionalProperties().getSchema();
      additionalProperties = ap == null ? null : new SchemaNode(ap);
      additionalPropertiesAllowed =
          ap != null || Boolean.TRUE.equals(p.getAdditionalProperties().getAllows());
    } else {
      hasAdditionalProperties = false;
      additionalProperties = null;
      additionalPropertiesAllowed = true;
    }
    allOf = copyList(p.getAllOf());
    anyOf = copyList(p.getAnyOf());
    oneOf = copyList(p.getOneOf());
    not = p.getNot() == null ? null : new SchemaNode(p.getNot());
    preserveUnknownFieldsRaw = p.getXKubernetesPreserveUnknownFields();
    embeddedResource = Boolean.TRUE.equals(p.getXKubernetesEmbeddedResource());
    intOrString = Boolean.TRUE.equals(p.getXKubernetesIntOrString());
    listType = p.getXKubernetesListType();
    listMapKeys =
        p.getXKubernetesListMapKeys() == null
            ? List.of()
            : List.copyOf(p.getXKubernetesListMapKeys());
    mapType = p.getXKubernetesMapType();
    validations =
        p.getXKubernetesValidations() == null
            ? List.of()
            : List.copyOf(p.getXKubernetesValidations());
    id = emptyToNull(p.getId());
    schemaUri = emptyToNull(p.get$schema());
    ref = p.get$ref();
    hasPatternProperties = p.getPatternProperties() != null && !p.getPatternProperties().isEmpty();
    hasDependencies = p.getDependencies() != null && !p.getDependencies().isEmpty();
    hasAdditionalItems = p.getAdditionalItems() != null;
    hasDefinitions = p.getDefinitions() != null && !p.getDefinitions().isEmpty();
    definitions = copyMap(p.getDefinitions());
    Map<String, SchemaNode> deps = new LinkedHashMap<>();
    if (p.getDependencies() != null) {
      p.getDependencies()
          .forEach(
              (k, v) -> {
                if (v != null && v.getSchema() != null) {
                  deps.put(k, new SchemaNode(v.getSchema()));
                }
              });
    }
    dependencySchemas = Collections.unmodifiableMap(deps);
    hasExternalDocs = p.getExternalDocs() != null;
  }

  /** Copies {@code props}; null stays null. */
  static SchemaNode of(JSONSchemaProps props) {
    return props == null ? null : new SchemaNode(props);
  }

  /** {@code x-kubernetes-preserve-unknown-fields: true}. */
  boolean preserveUnknownFields() {
    return Boolean.TRUE.equals(preserveUnknownFieldsRaw);
  }

  /** Whether any of the logical junctors is set. */
  boolean hasJunctors() {
    return !allOf.isEmpty() || !anyOf.isEmpty() || !oneOf.isEmpty() || not != null;
  }

  /** The schema that applies to the value of object key {@code key}, or null if none. */
  SchemaNode childFor(String key) {
    SchemaNode prop = properties.get(key);
    if (prop != null) {
      return prop;
    }
    return additionalProperties;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static List<JsonNode> copyNodes(List<JsonNode> nodes) {
    List<JsonNode> out = new ArrayList<>(nodes.size());
    for (JsonNode n : nodes) {
      out.add(
          n == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : n.deepCopy());
    }
    return Collections.unmodifiableList(out);
  }

  private static List<SchemaNode> copyList(List<JSONSchemaProps> list) {
    if (list == null || list.isEmpty()) {
      return List.of();
    }
    List<SchemaNode> out = new ArrayList<>(list.size());
    for (JSONSchemaProps p : list) {
      out.add(new SchemaNode(p == null ? new JSONSchemaProps() : p));
    }
    return Collections.unmodifiableList(out);
  }

  private static Map<String, SchemaNode> copyMap(Map<String, JSONSchemaProps> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    Map<String, SchemaNode> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, new SchemaNode(v == null ? new JSONSchemaProps() : v)));
    return Collections.unmodifiableMap(out);
  }
}
