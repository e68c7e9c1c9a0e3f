package io.kubeloop.apiserver.crd.schema;

import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The schema part of apiextensions' {@code validateCustomResourceDefinitionValidation}: what kube
 * rejects with 422 when a CRD version's {@code openAPIV3Schema} is created: unsupported keywords,
 * defaults where they are not allowed, {@code uniqueItems}, properties next to
 * additionalProperties, {@code x-kubernetes-*} misuse, list-map keys that are neither required nor
 * defaulted, non-structural schemas, invalid defaults, and {@code x-kubernetes-validations} rules
 * that are malformed or do not compile.
 *
 * <p>This is the check for new schemas. kube relaxes some rules on update when the stored CRD
 * already broke them ("don't tighten validation on existing persisted data"); callers validating an
 * update of a CRD whose old schema already fails should not reject it for the same reason.
 *
 * <p>Stateless and thread-safe.
 */
final class DefinitionValidator {

  private DefinitionValidator() {}

  private static final List<String> OPENAPI_TYPES =
      List.of("array", "boolean", "integer", "number", "object", "string");
  private static final List<String> REASONS =
      List.of(
          "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired");
  private static final Set<String> META_FIELDS = Set.of("metadata", "kind", "apiVersion");

  /** Validator state passed down, as kube's {@code specStandardValidatorV3}. */
  private record Ctx(
      boolean allowDefaults, String disallowReason, boolean insideMeta, String uncorrelatable) {
    Ctx forbidDefaults(String reason) {
      return new Ctx(false, reason, insideMeta, uncorrelatable);
    }

    Ctx inMeta() {
      return new Ctx(allowDefaults, disallowReason, true, uncorrelatable);
    }

    Ctx forbidOldSelf(String path) {
      return uncorrelatable != null
          ? this
          : new Ctx(allowDefaults, disallowReason, insideMeta, path);
    }
  }

  /**
   * @param path the path of the {@code schema} field, e.g. {@code spec.versions[0].schema}
   */
  static List<FieldError> validate(
      SchemaNode schema, CelRules cel, String path, boolean statusSubresource) {
    List<FieldError> errs = new ArrayList<>();
    if (schema == null) {
      return errs;
    }
    String root = Paths.child(path, "openAPIV3Schema");
    if (statusSubresource) {
      String bad = firstDisallowedAtRoot(schema);
      if (schema.type != null && !"object".equals(schema.type)) {
        errs.add(
            FieldError.invalid(
                Paths.child(root, "type"),
                schema.type,
                "only \"object\" is allowed as the type at the root of the schema if the status"
                    + " subresource is enabled"));
      } else if (bad != null) {
        errs.add(
            FieldError.invalid(
                root,
                new GoFormat.Rendered("<openAPIV3Schema>"),
                "only [Description Type Format Title Maximum ExclusiveMaximum Minimum"
                    + " ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems"
                    + " MultipleOf Required Items Properties ExternalDocs Example"
                    + " XPreserveUnknownFields XValidations] fields are allowed at the root of the"
                    + " schema if the status subresource is enabled"));
      }
    }
    if (schema.nullable) {
      errs.add(
          FieldError.forbidden(
              Paths.child(root, "nullable"), "nullable cannot be true at the root"));
    }
    List<FieldError> structuralInit = new ArrayList<>();
    boolean celEnabled = false;
    String conversion = StructuralCheck.conversionError(schema);
    if (conversion != null) {
      structuralInit.add(FieldError.invalid(root, "", conversion));
    } else {
      List<FieldError> structural = StructuralCheck.validate(schema, root);
      if (!structural.isEmpty()) {
        errs.addAll(structural);
      } else {
        List<FieldError> defaults = DefaultsCheck.validate(schema, root);
        if (!defaults.isEmpty()) {
          errs.addAll(defaults);
        } else {
          celEnabled = true;
        }
      }
    }
    List<FieldError> celErrs = new ArrayList<>();
    walk(
        schema, root, new Ctx(true, "", false, null), true, celEnabled ? cel : null, errs, celErrs);
    errs.addAll(celErrs);
    if (errs.isEmpty()) {
      errs.addAll(structuralInit);
    }
    return errs;
  }

  private static String firstDisallowedAtRoot(SchemaNode s) {
    if (s.id != null) return "ID";
    if (s.schemaUri != null) return "Schema";
    if (s.ref != null) return "Ref";
    if (s.defaultValue != null) return "Default";
    if (!s.enumValues.isEmpty()) return "Enum";
    if (s.maxProperties != null) return "MaxProperties";
    if (s.minProperties != null) return "MinProperties";
    if (s.hasAdditionalItems) return "AdditionalItems";
    if (s.hasAdditionalProperties) return "AdditionalProperties";
    if (!s.allOf.isEmpty()) return "AllOf";
    if (!s.oneOf.isEmpty()) return "OneOf";
    if (!s.anyOf.isEmpty()) return "AnyOf";
    if (s.not != null) return "Not";
    if (s.hasPatternProperties) return "PatternProperties";
    if (s.hasDependencies) return "Dependencies";
    if (s.hasDefinitions) return "Definitions";
    if (s.nullable) return "Nullable";
    if (s.embeddedResource) return "XEmbeddedResource";
    if (s.intOrString) return "XIntOrString";
    if (!s.listMapKeys.isEmpty()) return "XListMapKeys";
    if (s.listType != null) return "XListType";
    if (s.mapType != null) return "XMapType";
    return null;
  }

  /** Returns the number of schema errors found at this node or below. */
  private static int walk(
      SchemaNode s,
      String path,
      Ctx ctx,
      boolean isRoot,
      CelRules cel,
      List<FieldError> errs,
      List<FieldError> celErrs) {
    if (s == null) {
      return 0;
    }
    int before = errs.size();
    nodeChecks(s, path, ctx, errs);
    if (s.uniqueItems) {
      errs.add(
          FieldError.forbidden(
              Paths.child(path, "uniqueItems"),
              "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
    }
    if (s.hasAdditionalProperties) {
      if (!s.properties.isEmpty()
          && (!s.additionalPropertiesAllowed || s.additionalProperties != null)) {
        errs.add(
            FieldError.forbidden(
                Paths.child(path, "additionalProperties"),
                "additionalProperties and properties are mutual exclusive"));
      }
      Ctx sub =
          ctx.insideMeta
              ? ctx.forbidDefaults("inside additionalProperties applying to object metadata")
              : ctx;
      walk(
          s.additionalProperties,
          Paths.child(path, "additionalProperties"),
          sub,
          false,
          cel,
          errs,
          celErrs);
    }
    for (Map.Entry<String, SchemaNode> e : s.properties.entrySet()) {
      Ctx sub = ctx;
      if ("atomic".equals(s.mapType)) {
        sub = sub.forbidOldSelf(path);
      }
      if ((isRoot || s.embeddedResource) && META_FIELDS.contains(e.getKey())) {
        sub = sub.inMeta();
        if (isRoot) {
          sub = sub.forbidDefaults("in top-level " + e.getKey());
        }
      }
      walk(
          e.getValue(),
          Paths.key(Paths.child(path, "properties"), e.getKey()),
          sub,
          false,
          cel,
          errs,
          celErrs);
    }
    walk(s.not, Paths.child(path, "not"), ctx, false, null, errs, celErrs);
    for (int i = 0; i < s.allOf.size(); i++) {
      walk(
          s.allOf.get(i),
          Paths.index(Paths.child(path, "allOf"), i),
          ctx,
          false,
          null,
          errs,
          celErrs);
    }
    for (int i = 0; i < s.oneOf.size(); i++) {
      walk(
          s.oneOf.get(i),
          Paths.index(Paths.child(path, "oneOf"), i),
          ctx,
          false,
          null,
          errs,
          celErrs);
    }
    for (int i = 0; i < s.anyOf.size(); i++) {
      walk(
          s.anyOf.get(i),
          Paths.index(Paths.child(path, "anyOf"), i),
          ctx,
          false,
          null,
          errs,
          celErrs);
    }
    for (Map.Entry<String, SchemaNode> e : s.definitions.entrySet()) {
      walk(
          e.getValue(),
          Paths.key(Paths.child(path, "definitions"), e.getKey()),
          ctx,
          false,
          null,
          errs,
          celErrs);
    }
    if (s.items != null || s.itemsIsArray) {
      Ctx sub = "map".equals(s.listType) ? ctx : ctx.forbidOldSelf(path);
      walk(s.items, Paths.child(path, "items"), sub, false, cel, errs, celErrs);
      for (int i = 0; i < s.itemsArray.size(); i++) {
        walk(
            s.itemsArray.get(i),
            Paths.index(Paths.child(path, "items"), i),
            sub,
            false,
            null,
            errs,
            celErrs);
      }
    }
    for (Map.Entry<String, SchemaNode> e : s.dependencySchemas.entrySet()) {
      walk(
          e.getValue(),
          Paths.key(Paths.child(path, "dependencies"), e.getKey()),
          ctx,
          false,
          null,
          errs,
          celErrs);
    }
    extensionChecks(s, path, errs);
    listMapKeysMapSet(s, path, errs);
    ruleChecks(s, path, errs);
    if (errs.size() == before && cel != null) {
      compiledRuleChecks(s, path, ctx, cel, celErrs);
    }
    return errs.size() - before;
  }

  private static void nodeChecks(SchemaNode s, String path, Ctx ctx, List<FieldError> errs) {
    if (s.type != null && !OPENAPI_TYPES.contains(s.type)) {
      errs.add(FieldError.notSupported(Paths.child(path, "type"), s.type, OPENAPI_TYPES));
    }
    if (s.defaultValue != null && !ctx.allowDefaults) {
      String detail =
          "must not be set" + (ctx.disallowReason.isEmpty() ? "" : " " + ctx.disallowReason);
      errs.add(FieldError.forbidden(Paths.child(path, "default"), detail));
    }
    if (s.id != null) {
      errs.add(FieldError.forbidden(Paths.child(path, "id"), "id is not supported"));
    }
    if (s.hasAdditionalItems) {
      errs.add(
          FieldError.forbidden(
              Paths.child(path, "additionalItems"), "additionalItems is not supported"));
    }
    if (s.hasPatternProperties) {
      errs.add(
          FieldError.forbidden(
              Paths.child(path, "patternProperties"), "patternProperties is not supported"));
    }
    if (s.hasDefinitions) {
      errs.add(
          FieldError.forbidden(Paths.child(path, "definitions"), "definitions is not supported"));
    }
    if (s.hasDependencies) {
      errs.add(
          FieldError.forbidden(Paths.child(path, "dependencies"), "dependencies is not supported"));
    }
    if (s.ref != null) {
      errs.add(FieldError.forbidden(Paths.child(path, "$ref"), "$ref is not supported"));
    }
    if ("null".equals(s.type)) {
      errs.add(
          FieldError.forbidden(
              Paths.child(path, "type"),
              "type cannot be set to null, use nullable as an alternative"));
    }
    if (s.itemsIsArray) {
      errs.add(
          FieldError.forbidden(
              Paths.child(path, "items"), "items must be a schema object and not an array"));
    }
    if (ctx.insideMeta && s.embeddedResource) {
      errs.add(
          FieldError.forbidden(
              Paths.child(path, "x-kubernetes-embedded-resource"),
              "must not be used inside of resource meta"));
    }
  }

  private static void extensionChecks(SchemaNode s, String path, List<FieldError> errs) {
    String typePath = Paths.child(path, "type");
    if (s.preserveUnknownFieldsRaw != null && !s.preserveUnknownFieldsRaw) {
      errs.add(
          FieldError.invalid(
              Paths.child(path, "x-kubernetes-preserve-unknown-fields"),
              false,
              "must be true or undefined"));
    }
    if (s.mapType != null && !"object".equals(s.type)) {
      String d = "must be object if x-kubernetes-map-type is specified";
      errs.add(
          s.type == null
              ? FieldError.required(typePath, d)
              : FieldError.invalid(typePath, s.type, d));
    }
    if (s.mapType != null && !s.mapType.equals("atomic") && !s.mapType.equals("granular")) {
      errs.add(
          FieldError.notSupported(
              Paths.child(path, "x-kubernetes-map-type"),
              s.mapType,
              List.of("atomic", "granular")));
    }
    if (s.listType != null && !"array".equals(s.type)) {
      String d = "must be array if x-kubernetes-list-type is specified";
      errs.add(
          s.type == null
              ? FieldError.required(typePath, d)
              : FieldError.invalid(typePath, s.type, d));
    } else if ("set".equals(s.listType) && s.items != null) {
      SchemaNode is = s.items;
      if ("array".equals(is.type) && is.listType != null && !is.listType.equals("atomic")) {
        errs.add(
            FieldError.invalid(
                Paths.child(Paths.child(path, "items"), "x-kubernetes-list-type"),
                is.listType,
                "must be atomic as item of a list with x-kubernetes-list-type=set"));
      } else if ("object".equals(is.type) && !"atomic".equals(is.mapType)) {
        errs.add(
            FieldError.invalid(
                Paths.child(Paths.child(path, "items"), "x-kubernetes-map-type"),
                is.listType,
                "must be atomic as item of a list with x-kubernetes-list-type=set"));
      }
    }
    if (s.listType != null && !List.of("atomic", "set", "map").contains(s.listType)) {
      errs.add(
          FieldError.notSupported(
              Paths.child(path, "x-kubernetes-list-type"),
              s.listType,
              List.of("atomic", "set", "map")));
    }
    if (!s.listMapKeys.isEmpty()) {
      String d = "must be map if x-kubernetes-list-map-keys is non-empty";
      String p = Paths.child(path, "x-kubernetes-list-type");
      if (s.listType == null) {
        errs.add(FieldError.required(p, d));
      } else if (!s.listType.equals("map")) {
        errs.add(FieldError.invalid(p, s.listType, d));
      }
    }
    if ("map".equals(s.listType)) {
      if (s.listMapKeys.isEmpty()) {
        errs.add(
            FieldError.required(
                Paths.child(path, "x-kubernetes-list-map-keys"),
                "must not be empty if x-kubernetes-list-type is map"));
      }
      if (s.items == null && !s.itemsIsArray) {
        errs.add(
            FieldError.required(
                Paths.child(path, "items"), "must have a schema if x-kubernetes-list-type is map"));
      }
      if (s.itemsIsArray) {
        errs.add(
            FieldError.invalid(
                Paths.child(path, "items"),
                new GoFormat.Rendered("<items>"),
                "must only have a single schema if x-kubernetes-list-type is map"));
      }
      if (s.items != null && !"object".equals(s.items.type)) {
        errs.add(
            FieldError.invalid(
                Paths.child(Paths.child(path, "items"), "type"),
                s.items.type == null ? "" : s.items.type,
                "must be object if parent array's x-kubernetes-list-type is map"));
      }
      if (s.items != null && "object".equals(s.items.type)) {
        Set<String> seen = new HashSet<>();
        Object keys = new GoFormat.Rendered(goStringSlice(s.listMapKeys));
        for (String k : s.listMapKeys) {
          SchemaNode prop = s.items.properties.get(k);
          if (prop != null) {
            if ("array".equals(prop.type) || "object".equals(prop.type)) {
              errs.add(
                  FieldError.invalid(
                      Paths.child(
                          Paths.key(Paths.child(Paths.child(path, "items"), "properties"), k),
                          "type"),
                      s.items.type,
                      "must be a scalar type if parent array's x-kubernetes-list-type is map"));
            }
          } else {
            errs.add(
                FieldError.invalid(
                    Paths.child(path, "x-kubernetes-list-map-keys"),
                    keys,
                    "entries must all be names of item properties"));
          }
          if (!seen.add(k)) {
            errs.add(
                FieldError.invalid(
                    Paths.child(path, "x-kubernetes-list-map-keys"),
                    keys,
                    "must not contain duplicate entries"));
          }
        }
      }
    }
  }

  private static void listMapKeysMapSet(SchemaNode s, String path, List<FieldError> errs) {
    if (s.items == null || s.listType == null) {
      return;
    }
    if (!s.listType.equals("set") && !s.listType.equals("map")) {
      return;
    }
    String items = Paths.child(path, "items");
    if (s.items.nullable) {
      errs.add(
          FieldError.forbidden(
              Paths.child(items, "nullable"),
              "cannot be nullable when x-kubernetes-list-type is " + s.listType));
    }
    if (s.listType.equals("map")) {
      for (String k : s.listMapKeys) {
        SchemaNode prop = s.items.properties.get(k);
        if (prop == null) {
          continue;
        }
        String pp = Paths.key(Paths.child(items, "properties"), k);
        if (!s.items.required.contains(k) && prop.defaultValue == null) {
          errs.add(
              FieldError.required(
                  Paths.child(pp, "default"),
                  "this property is in x-kubernetes-list-map-keys, so it must have a default or be a"
                      + " required property"));
        }
        if (prop.nullable) {
          errs.add(
              FieldError.forbidden(
                  Paths.child(pp, "nullable"),
                  "this property is in x-kubernetes-list-map-keys, so it cannot be nullable"));
        }
      }
    }
  }

  private static void ruleChecks(SchemaNode s, String path, List<FieldError> errs) {
    for (int i = 0; i < s.validations.size(); i++) {
      ValidationRule r = s.validations.get(i);
      String rp = Paths.index(Paths.child(path, "x-kubernetes-validations"), i);
      String rule = r.getRule() == null ? "" : r.getRule();
      String msg = r.getMessage() == null ? "" : r.getMessage();
      if (rule.trim().isEmpty()) {
        errs.add(FieldError.required(Paths.child(rp, "rule"), "rule is not specified"));
      } else if (!msg.isEmpty() && msg.trim().isEmpty()) {
        errs.add(
            FieldError.invalid(Paths.child(rp, "message"), msg, "must be non-empty if specified"));
      } else if (hasNewlines(msg.trim())) {
        errs.add(
            FieldError.invalid(Paths.child(rp, "message"), msg, "must not contain line breaks"));
      } else if (hasNewlines(rule.trim()) && msg.trim().isEmpty()) {
        errs.add(
            FieldError.required(
                Paths.child(rp, "message"),
                "message must be specified if rule contains line breaks"));
      }
      String me = r.getMessageExpression();
      if (me != null && !me.isEmpty() && me.trim().isEmpty()) {
        errs.add(
            FieldError.required(
                Paths.child(rp, "messageExpression"),
                "messageExpression must be non-empty if specified"));
      }
      if (r.getReason() != null && !REASONS.contains(r.getReason())) {
        errs.add(FieldError.notSupported(Paths.child(rp, "reason"), r.getReason(), REASONS));
      }
      String fp = r.getFieldPath();
      if (fp != null && !fp.isEmpty()) {
        if (fp.trim().isEmpty()) {
          errs.add(
              FieldError.invalid(
                  Paths.child(rp, "fieldPath"), fp, "must be non-empty if specified"));
        }
        if (hasNewlines(fp)) {
          errs.add(
              FieldError.invalid(Paths.child(rp, "fieldPath"), fp, "must not contain line breaks"));
        }
        if (CelRules.normalizeFieldPath(s, fp) == null) {
          errs.add(FieldError.invalid(Paths.child(rp, "fieldPath"), fp, "must be a valid path"));
        }
      }
    }
  }

  private static void compiledRuleChecks(
      SchemaNode s, String path, Ctx ctx, CelRules cel, List<FieldError> celErrs) {
    List<CelRules.Compiled> compiled = cel.rulesOf(s);
    for (int i = 0; i < compiled.size(); i++) {
      CelRules.Compiled c = compiled.get(i);
      String rp = Paths.index(Paths.child(path, "x-kubernetes-validations"), i);
      Object ruleValue = new GoFormat.Rendered(goRule(c.rule()));
      if (c.error() != null && !c.error().equals("rule is not specified")) {
        celErrs.add(FieldError.invalid(Paths.child(rp, "rule"), ruleValue, c.error()));
      }
      if (c.messageError() != null) {
        celErrs.add(
            FieldError.invalid(Paths.child(rp, "messageExpression"), ruleValue, c.messageError()));
      }
      if (c.program() != null) {
        if (c.usesOldSelf()) {
          if (ctx.uncorrelatable != null) {
            celErrs.add(
                FieldError.invalid(
                    Paths.child(rp, "rule"),
                    c.rule().getRule(),
                    "oldSelf cannot be used on the uncorrelatable portion of the schema within "
                        + ctx.uncorrelatable));
          }
          if (Boolean.TRUE.equals(c.rule().getOptionalOldSelf())) {
            celErrs.add(
                FieldError.invalid(
                    Paths.child(rp, "optionalOldSelf"),
                    true,
                    "optionalOldSelf is not supported by this server"));
          }
        } else if (c.rule().getOptionalOldSelf() != null) {
          celErrs.add(
              FieldError.invalid(
                  Paths.child(rp, "optionalOldSelf"),
                  c.rule().getOptionalOldSelf(),
                  "may not be set if oldSelf is not used in rule"));
        }
      }
    }
  }

  private static boolean hasNewlines(String s) {
    return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
  }

  private static String goStringSlice(List<String> values) {
    return values.stream().map(GoFormat::quote).collect(Collectors.joining(", ", "[]string{", "}"));
  }

  /** Go's {@code %#v} of an {@code apiextensions.ValidationRule}. */
  static String goRule(ValidationRule r) {
    return "apiextensions.ValidationRule{Rule:"
        + GoFormat.quote(nz(r.getRule()))
        + ", Message:"
        + GoFormat.quote(nz(r.getMessage()))
        + ", MessageExpression:"
        + GoFormat.quote(nz(r.getMessageExpression()))
        + ", Reason:"
        + (r.getReason() == null
            ? "(*apiextensions.FieldValueErrorReason)(nil)"
            : "(*apiextensions.FieldValueErrorReason)(&" + GoFormat.quote(r.getReason()) + ")")
        + ", FieldPath:"
        + GoFormat.quote(nz(r.getFieldPath()))
        + ", OptionalOldSelf:"
        + (r.getOptionalOldSelf() == null
            ? "(*bool)(nil)"
            : "(*bool)(&" + r.getOptionalOldSelf() + ")")
        + "}";
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
