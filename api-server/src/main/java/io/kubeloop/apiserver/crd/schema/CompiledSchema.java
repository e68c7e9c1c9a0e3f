package io.kubeloop.apiserver.crd.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One CRD version's {@code openAPIV3Schema}, compiled once: structural checks, pruning, defaulting
 * and validation of custom resources, with apiextensions-apiserver's semantics.
 *
 * <p>The order kube applies them in on a write is: {@link #prune} (on the decoded request body),
 * {@link #applyDefaults}, then {@link #validate} or {@link #validateUpdate}; objects read from
 * storage are pruned and defaulted the same way. Pruning and defaulting need a structural schema;
 * on a non-structural one ({@link #isStructural()} false) they do nothing, as kube serves such CRDs
 * without them.
 *
 * <p>Immutable and thread-safe; the {@code ObjectNode}s passed in are mutated (prune, defaults) or
 * read (validate) and must not be shared meanwhile.
 */
public final class CompiledSchema {

  private final SchemaNode root;
  private final String conversionError;
  private final boolean structural;
  private final CelRules cel;

  CompiledSchema(SchemaNode root) {
    this.root = root;
    this.conversionError = StructuralCheck.conversionError(root);
    this.structural = conversionError == null && StructuralCheck.validate(root, "").isEmpty();
    this.cel = structural ? CelRules.compile(root) : CelRules.compile(null);
  }

  /** Whether the schema is structural (required to serve the CRD with pruning and defaults). */
  public boolean isStructural() {
    return structural;
  }

  /**
   * The structural violations with field paths below {@code basePath} (e.g. {@code
   * spec.versions[0].schema.openAPIV3Schema}), sorted as kube sorts them; empty when structural. A
   * schema using a keyword structural schemas never allow ({@code $ref}, {@code items} as an
   * array...) yields one error on {@code basePath} itself.
   */
  public List<FieldError> structuralErrors(String basePath) {
    if (conversionError != null) {
      return List.of(FieldError.invalid(basePath, "", conversionError));
    }
    return StructuralCheck.validate(root, basePath);
  }

  /**
   * The structural violations rendered for the {@code NonStructuralSchema} condition, e.g. {@code
   * spec.versions[0].schema.openAPIV3Schema.properties[spec].type: Required value: must not be
   * empty for specified object fields}.
   */
  public List<String> structuralViolations(String basePath) {
    return structuralErrors(basePath).stream().map(FieldError::toString).toList();
  }

  /**
   * What kube rejects with 422 in this schema when a CRD is created (see {@link
   * CrdSchema#validateDefinition}).
   *
   * @param schemaPath the path of the version's {@code schema} field, e.g. {@code
   *     spec.versions[0].schema}
   * @param statusSubresource whether the version enables the status subresource
   */
  public List<FieldError> definitionErrors(String schemaPath, boolean statusSubresource) {
    return DefinitionValidator.validate(root, cel, schemaPath, statusSubresource);
  }

  /**
   * Prunes {@code obj} in place as kube does when decoding a custom resource: unknown fields
   * dropped (respecting {@code x-kubernetes-preserve-unknown-fields} and embedded resources),
   * non-nullable {@code null}s without default dropped, and root and embedded {@code metadata}
   * reduced to ObjectMeta's fields. Returns the dropped unknown fields' paths (e.g. {@code
   * spec.foo}, {@code metadata.bar}), sorted, for {@code unknown field} warnings or strict field
   * validation errors.
   */
  public List<String> prune(ObjectNode obj) {
    if (!structural) {
      return List.of();
    }
    List<String> unknown = new ArrayList<>(Pruner.prune(obj, root, true));
    Pruner.pruneNonNullableNullsWithoutDefaults(obj, root);
    List<String> meta = new ArrayList<>();
    MetadataCoercer.coerce(obj, root, true, meta);
    unknown.addAll(meta);
    return unknown;
  }

  /** Applies {@code default}s in place, top-down, as kube does on requests and storage reads. */
  public void applyDefaults(ObjectNode obj) {
    if (structural) {
      Defaulter.apply(obj, root);
    }
  }

  /**
   * Validates a custom resource (create): OpenAPI keywords, embedded resources, list-type set/map
   * uniqueness, and {@code x-kubernetes-validations} rules (skipped, with kube's notice, when a
   * type error makes them unsafe to run). Root {@code metadata} name/namespace/labels are validated
   * elsewhere; schema constraints on {@code metadata.name} are validated here.
   */
  public List<FieldError> validate(ObjectNode obj) {
    return validate(obj, null);
  }

  /**
   * Validates an update: as {@link #validate}, plus transition rules (those using {@code oldSelf})
   * wherever the old value correlates with the new one.
   */
  public List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
    return validate(obj, old);
  }

  private List<FieldError> validate(ObjectNode obj, ObjectNode old) {
    List<FieldError> errs =
        new ArrayList<>(FieldErrors.convert(null, ValueValidator.validate(root, obj, "").errors));
    if (!structural) {
      return errs;
    }
    errs.addAll(EmbeddedResources.validate(root, obj));
    errs.addAll(ListTypes.validate("", root, obj));
    if (!cel.isEmpty()) {
      boolean blocking = errs.stream().anyMatch(e -> e.type() == FieldError.Type.TYPE_INVALID);
      if (blocking) {
        errs.add(
            FieldError.invalid(
                FieldErrors.NIL_PATH,
                "null",
                "some validation rules were not checked because the object was invalid; correct"
                    + " the existing errors to complete validation"));
      } else {
        errs.addAll(cel.validate(root, obj, old));
      }
    }
    return errs;
  }

  /** The schema's root node, for navigating {@code x-kubernetes-*} information. */
  public SchemaView root() {
    return new SchemaView(root);
  }

  /**
   * The node at a path of property names ({@code "[]"} steps into items, {@code "*"} into
   * additionalProperties).
   */
  public Optional<SchemaView> at(String... path) {
    SchemaNode n = root;
    for (String step : path) {
      if (n == null) {
        return Optional.empty();
      }
      n =
          switch (step) {
            case "[]" -> n.items;
            case "*" -> n.additionalProperties;
            default -> n.properties.get(step);
          };
    }
    return n == null ? Optional.empty() : Optional.of(new SchemaView(n));
  }
}
