package io.kubeloop.apiserver.crd.schema;

import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * apiextensions-apiserver's structural schema rules ({@code NewStructural}, {@code
 * ValidateStructural}: invariants and completeness) over a {@link SchemaNode} tree. A schema is
 * structural when every specified field has a type (or int-or-string / preserve-unknown-fields),
 * the logical junctors only restate value validations of fields specified outside them, metadata at
 * the root restricts at most name and generateName, and no unsupported keyword is used.
 *
 * <p>Stateless and thread-safe.
 */
final class StructuralCheck {

  private StructuralCheck() {}

  private enum Level {
    ROOT,
    ITEM,
    FIELD
  }

  /**
   * What {@code NewStructural} rejects before any structural check, in kube's words (e.g. {@code
   * OpenAPIV3Schema '$ref' is not supported}); null when the schema converts.
   */
  static String conversionError(SchemaNode s) {
    if (s == null) {
      return null;
    }
    if (s.id != null) {
      return "OpenAPIV3Schema 'id' is not supported";
    }
    if (s.schemaUri != null) {
      return "OpenAPIV3Schema 'schema' is not supported";
    }
    if (s.ref != null && !s.ref.isEmpty()) {
      return "OpenAPIV3Schema '$ref' is not supported";
    }
    if (s.hasPatternProperties) {
      return "OpenAPIV3Schema 'patternProperties' is not supported";
    }
    if (s.hasDependencies) {
      return "OpenAPIV3Schema 'dependencies' is not supported";
    }
    if (s.hasAdditionalItems) {
      return "OpenAPIV3Schema 'additionalItems' is not supported";
    }
    if (s.hasDefinitions) {
      return "OpenAPIV3Schema 'definitions' is not supported";
    }
    for (SchemaNode n : children(s)) {
      String e = conversionError(n);
      if (e != null) {
        return e;
      }
    }
    if (s.preserveUnknownFieldsRaw != null && !s.preserveUnknownFieldsRaw) {
      return "internal error: 'x-kubernetes-preserve-unknown-fields' must be true or undefined";
    }
    if (s.itemsIsArray) {
      return "OpenAPIV3Schema 'items' must be a schema, but is an array";
    }
    return null;
  }

  private static List<SchemaNode> children(SchemaNode s) {
    List<SchemaNode> out = new ArrayList<>();
    if (s.not != null) {
      out.add(s.not);
    }
    out.addAll(s.allOf);
    out.addAll(s.anyOf);
    out.addAll(s.oneOf);
    if (s.additionalProperties != null) {
      out.add(s.additionalProperties);
    }
    if (s.items != null) {
      out.add(s.items);
    }
    out.addAll(s.properties.values());
    return out;
  }

  /** {@code ValidateStructural}: violations sorted by their rendering, as kube sorts them. */
  static List<FieldError> validate(SchemaNode root, String path) {
    List<FieldError> errs = new ArrayList<>();
    invariants(root, Level.ROOT, path, errs);
    completeness(root, root, path, path, errs);
    errs.sort(Comparator.comparing(FieldError::toString));
    return errs;
  }

  private static void invariants(SchemaNode s, Level lvl, String path, List<FieldError> errs) {
    if (s == null) {
      return;
    }
    if ("array".equals(s.type) && s.items == null) {
      errs.add(FieldError.required(Paths.child(path, "items"), "must be specified"));
    }
    invariants(s.items, Level.ITEM, Paths.child(path, "items"), errs);
    for (Map.Entry<String, SchemaNode> e : s.properties.entrySet()) {
      invariants(
          e.getValue(), Level.FIELD, Paths.key(Paths.child(path, "properties"), e.getKey()), errs);
    }
    if (s.hasAdditionalProperties) {
      if (lvl == Level.ROOT) {
        errs.add(
            FieldError.forbidden(
                Paths.child(path, "additionalProperties"), "must not be used at the root"));
      }
      if (s.additionalProperties != null) {
        invariants(
            s.additionalProperties, Level.FIELD, Paths.child(path, "additionalProperties"), errs);
      }
    }
    if (s.intOrString && s.preserveUnknownFields()) {
      errs.add(
          FieldError.invalid(
              Paths.child(path, "x-kubernetes-preserve-unknown-fields"),
              true,
              "must be false if x-kubernetes-int-or-string is true"));
    }
    if (s.intOrString && s.embeddedResource) {
      errs.add(
          FieldError.invalid(
              Paths.child(path, "x-kubernetes-embedded-resource"),
              true,
              "must be false if x-kubernetes-int-or-string is true"));
    }
    valueValidation(s, isIntOrStringAnyOf(s.anyOf), isIntOrStringAllOf(s), lvl, path, errs);

    boolean checkMetadata = lvl == Level.ROOT || s.embeddedResource;
    if (s.embeddedResource && !"object".equals(s.type)) {
      if (s.type == null) {
        errs.add(
            FieldError.required(
                Paths.child(path, "type"),
                "must be object if x-kubernetes-embedded-resource is true"));
      } else {
        errs.add(
            FieldError.invalid(
                Paths.child(path, "type"),
                s.type,
                "must be object if x-kubernetes-embedded-resource is true"));
      }
    } else if (s.type == null && !s.intOrString && !s.preserveUnknownFields()) {
      String detail =
          switch (lvl) {
            case ROOT -> "must not be empty at the root";
            case ITEM -> "must not be empty for specified array items";
            case FIELD -> "must not be empty for specified object fields";
          };
      errs.add(FieldError.required(Paths.child(path, "type"), detail));
    }
    if (s.embeddedResource && s.hasAdditionalProperties) {
      errs.add(
          FieldError.forbidden(
              Paths.child(path, "additionalProperties"),
              "must not be used if x-kubernetes-embedded-resource is set"));
    }
    if (lvl == Level.ROOT && s.type != null && !"object".equals(s.type)) {
      errs.add(FieldError.invalid(Paths.child(path, "type"), s.type, "must be object at the root"));
    }
    for (String meta : List.of("kind", "apiVersion")) {
      SchemaNode p = s.properties.get(meta);
      if (p != null && checkMetadata && !"string".equals(p.type)) {
        errs.add(
            FieldError.invalid(
                Paths.child(Paths.key(Paths.child(path, "properties"), meta), "type"),
                p.type == null ? "" : p.type,
                "must be string"));
      }
    }
    SchemaNode metadata = s.properties.get("metadata");
    if (metadata != null) {
      metadataInvariants(
          metadata,
          checkMetadata,
          lvl,
          Paths.key(Paths.child(path, "properties"), "metadata"),
          errs);
    }
    if (s.embeddedResource && !s.preserveUnknownFields() && s.properties.isEmpty()) {
      errs.add(
          FieldError.required(
              Paths.child(path, "properties"),
              "must not be empty if x-kubernetes-embedded-resource is true without"
                  + " x-kubernetes-preserve-unknown-fields"));
    }
  }

  private static void metadataInvariants(
      SchemaNode m, boolean checkMetadata, Level lvl, String path, List<FieldError> errs) {
    if (checkMetadata && !"object".equals(m.type)) {
      errs.add(
          FieldError.invalid(
              Paths.child(path, "type"), m.type == null ? "" : m.type, "must be object"));
    }
    if (lvl != Level.ROOT) {
      return;
    }
    boolean propsOk =
        m.properties.isEmpty()
            || m.properties.keySet().stream()
                .allMatch(k -> k.equals("name") || k.equals("generateName"));
    // Everything but name/generateName, type and default must be unset (kube compares the
    // structural node against an empty one after clearing those three).
    boolean otherwiseEmpty =
        propsOk
            && m.items == null
            && !m.hasAdditionalProperties
            && m.description == null
            && m.title == null
            && !m.nullable
            && m.preserveUnknownFieldsRaw == null
            && !m.embeddedResource
            && !m.intOrString
            && m.listType == null
            && m.listMapKeys.isEmpty()
            && m.mapType == null
            && m.validations.isEmpty()
            && !hasValueValidation(m);
    if (!otherwiseEmpty) {
      errs.add(
          FieldError.forbidden(
              path,
              "must not specify anything other than name and generateName, but metadata is"
                  + " implicitly specified"));
    }
  }

  private static boolean hasValueValidation(SchemaNode s) {
    return s.format != null
        || s.maximum != null
        || s.exclusiveMaximum
        || s.minimum != null
        || s.exclusiveMinimum
        || s.maxLength != null
        || s.minLength != null
        || s.pattern != null
        || s.maxItems != null
        || s.minItems != null
        || s.uniqueItems
        || s.multipleOf != null
        || s.maxProperties != null
        || s.minProperties != null
        || !s.required.isEmpty()
        || !s.enumValues.isEmpty()
        || s.hasJunctors();
  }

  /** {@code anyOf: [{type: integer}, {type: string}]} and nothing else in either branch. */
  private static boolean isIntOrStringAnyOf(List<SchemaNode> anyOf) {
    return anyOf.size() == 2
        && onlyType(anyOf.get(0), "integer")
        && onlyType(anyOf.get(1), "string");
  }

  private static boolean isIntOrStringAllOf(SchemaNode s) {
    return !s.allOf.isEmpty() && isIntOrStringAnyOf(s.allOf.get(0).anyOf);
  }

  private static boolean onlyType(SchemaNode s, String type) {
    return type.equals(s.type)
        && s.properties.isEmpty()
        && s.items == null
        && !s.hasAdditionalProperties
        && s.defaultValue == null
        && s.title == null
        && s.description == null
        && !s.nullable
        && s.preserveUnknownFieldsRaw == null
        && !s.embeddedResource
        && !s.intOrString
        && s.listType == null
        && s.listMapKeys.isEmpty()
        && s.mapType == null
        && s.validations.isEmpty()
        && !hasValueValidation(s);
  }

  private static void valueValidation(
      SchemaNode v,
      boolean skipAnyOf,
      boolean skipFirstAllOfAnyOf,
      Level lvl,
      String path,
      List<FieldError> errs) {
    if (!skipAnyOf) {
      for (int i = 0; i < v.anyOf.size(); i++) {
        nested(v.anyOf.get(i), false, lvl, Paths.index(Paths.child(path, "anyOf"), i), errs);
      }
    }
    for (int i = 0; i < v.allOf.size(); i++) {
      nested(
          v.allOf.get(i),
          skipFirstAllOfAnyOf && i == 0,
          lvl,
          Paths.index(Paths.child(path, "allOf"), i),
          errs);
    }
    for (int i = 0; i < v.oneOf.size(); i++) {
      nested(v.oneOf.get(i), false, lvl, Paths.index(Paths.child(path, "oneOf"), i), errs);
    }
    if (v.not != null) {
      nested(v.not, false, lvl, Paths.child(path, "not"), errs);
    }
    if (v.pattern != null && v.patternError != null) {
      errs.add(
          FieldError.invalid(
              Paths.child(path, "pattern"),
              v.pattern,
              "must be a valid regular expression, but isn't: " + v.patternError));
    }
  }

  private static void nested(
      SchemaNode v, boolean skipAnyOf, Level lvl, String path, List<FieldError> errs) {
    valueValidation(v, skipAnyOf, false, lvl, path, errs);
    if (v.items != null) {
      nested(v.items, false, lvl, Paths.child(path, "items"), errs);
    }
    for (Map.Entry<String, SchemaNode> e : v.properties.entrySet()) {
      nested(
          e.getValue(),
          false,
          Level.FIELD,
          Paths.key(Paths.child(path, "properties"), e.getKey()),
          errs);
    }
    if (v.type != null) {
      errs.add(FieldError.forbidden(Paths.child(path, "type"), "must be empty to be structural"));
    }
    if (v.hasAdditionalProperties) {
      errs.add(
          FieldError.forbidden(
              Paths.child(path, "additionalProperties"), "must be undefined to be structural"));
    }
    if (v.defaultValue != null) {
      errs.add(
          FieldError.forbidden(Paths.child(path, "default"), "must be undefined to be structural"));
    }
    if (v.title != null) {
      errs.add(FieldError.forbidden(Paths.child(path, "title"), "must be empty to be structural"));
    }
    if (v.description != null) {
      errs.add(
          FieldError.forbidden(Paths.child(path, "description"), "must be empty to be structural"));
    }
    if (v.nullable) {
      errs.add(
          FieldError.forbidden(Paths.child(path, "nullable"), "must be false to be structural"));
    }
    if (v.preserveUnknownFields()) {
      errs.add(
          FieldError.forbidden(
              Paths.child(path, "x-kubernetes-preserve-unknown-fields"),
              "must be false to be structural"));
    }
    if (v.embeddedResource) {
      errs.add(
          FieldError.forbidden(
              Paths.child(path, "x-kubernetes-embedded-resource"),
              "must be false to be structural"));
    }
    if (v.intOrString) {
      errs.add(
          FieldError.forbidden(
              Paths.child(path, "x-kubernetes-int-or-string"), "must be false to be structural"));
    }
    if (!v.listMapKeys.isEmpty()) {
      errs.add(
          FieldError.forbidden(
              Paths.child(path, "x-kubernetes-list-map-keys"), "must be empty to be structural"));
    }
    if (v.listType != null) {
      errs.add(
          FieldError.forbidden(
              Paths.child(path, "x-kubernetes-list-type"), "must be undefined to be structural"));
    }
    if (v.mapType != null) {
      errs.add(
          FieldError.forbidden(
              Paths.child(path, "x-kubernetes-map-type"), "must be undefined to be structural"));
    }
    if (!v.validations.isEmpty()) {
      errs.add(
          FieldError.forbidden(
              Paths.child(path, "x-kubernetes-validations"), "must be empty to be structural"));
    }
    if (v.properties.containsKey("metadata")) {
      errs.add(
          FieldError.forbidden(
              Paths.key(Paths.child(path, "properties"), "metadata"),
              "must not be specified in a nested context"));
    }
  }

  private static void completeness(
      SchemaNode v, SchemaNode s, String sPath, String vPath, List<FieldError> errs) {
    if (v.not != null) {
      nestedCompleteness(v.not, s, sPath, Paths.child(vPath, "not"), errs);
    }
    for (int i = 0; i < v.allOf.size(); i++) {
      nestedCompleteness(
          v.allOf.get(i), s, sPath, Paths.index(Paths.child(vPath, "allOf"), i), errs);
    }
    for (int i = 0; i < v.anyOf.size(); i++) {
      nestedCompleteness(
          v.anyOf.get(i), s, sPath, Paths.index(Paths.child(vPath, "anyOf"), i), errs);
    }
    for (int i = 0; i < v.oneOf.size(); i++) {
      nestedCompleteness(
          v.oneOf.get(i), s, sPath, Paths.index(Paths.child(vPath, "oneOf"), i), errs);
    }
  }

  private static void nestedCompleteness(
      SchemaNode v, SchemaNode s, String sPath, String vPath, List<FieldError> errs) {
    if (s == null) {
      errs.add(FieldError.required(sPath, "because it is defined in " + vPath));
      return;
    }
    completeness(v, s, sPath, vPath, errs);
    if (v.items != null) {
      nestedCompleteness(
          v.items, s.items, Paths.child(sPath, "items"), Paths.child(vPath, "items"), errs);
    }
    for (Map.Entry<String, SchemaNode> e : v.properties.entrySet()) {
      String sp = Paths.key(Paths.child(sPath, "properties"), e.getKey());
      String vp = Paths.key(Paths.child(vPath, "properties"), e.getKey());
      SchemaNode sf = s.properties.get(e.getKey());
      if (sf == null) {
        errs.add(FieldError.required(sp, "because it is defined in " + vp));
      } else {
        nestedCompleteness(e.getValue(), sf, sp, vp, errs);
      }
    }
  }
}
