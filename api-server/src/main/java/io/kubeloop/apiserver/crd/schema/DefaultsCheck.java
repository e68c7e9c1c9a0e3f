package io.kubeloop.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code defaulting.ValidateDefaults}: every {@code default} in the structural schema must be
 * pruned (no fields the schema would drop) and must validate against its own node's schema,
 * including embedded-resource metadata rules. additionalProperties are not followed: kube forbids
 * defaults there only inside metadata, and does not check them elsewhere either.
 *
 * <p>Defaults are validated against their schema only; kube additionally checks the ObjectMeta and
 * TypeMeta of the embedded resources a default produces.
 */
final class DefaultsCheck {

  private DefaultsCheck() {}

  static List<FieldError> validate(SchemaNode root, String path) {
    List<FieldError> errs = new ArrayList<>();
    walk(root, path, true, false, errs);
    return errs;
  }

  private static void walk(
      SchemaNode s, String path, boolean resource, boolean insideMeta, List<FieldError> errs) {
    if (s == null) {
      return;
    }
    boolean embedded = resource || s.embeddedResource;
    if (s.embeddedResource) {
      insideMeta = false;
    }
    if (s.defaultValue != null) {
      String dpath = Paths.child(path, "default");
      JsonNode def = s.defaultValue;
      if (!insideMeta) {
        JsonNode pruned = def.deepCopy();
        Pruner.prune(pruned, s, embedded);
        if (!JsonKind.deepEqual(pruned, def)) {
          errs.add(
              FieldError.invalid(dpath, GoFormat.badValue(def), "must not have unknown fields"));
        }
      }
      errs.addAll(FieldErrors.convert(dpath, ValueValidator.validate(s, def, "").errors));
    }
    if (s.items != null) {
      walk(s.items, Paths.child(path, "items"), false, insideMeta, errs);
    }
    for (Map.Entry<String, SchemaNode> e : s.properties.entrySet()) {
      boolean subMeta =
          insideMeta
              || (embedded
                  && (e.getKey().equals("metadata")
                      || e.getKey().equals("apiVersion")
                      || e.getKey().equals("kind")));
      walk(
          e.getValue(),
          Paths.key(Paths.child(path, "properties"), e.getKey()),
          false,
          subMeta,
          errs);
    }
  }
}
