package io.kubeloop.apiserver.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code objectmeta.Coerce} with {@code dropInvalidFields}: the {@code metadata} of the resource
 * root and of every embedded resource is round-tripped through {@code metav1.ObjectMeta} by kube,
 * which drops fields ObjectMeta does not have and fields whose value does not decode into the
 * ObjectMeta field's type; non-string {@code apiVersion}/{@code kind} are dropped too. We apply the
 * same rules field by field and report the dropped unknown fields' paths ({@code metadata.foo}), as
 * kube does for field validation.
 *
 * <p>Stateless and thread-safe.
 */
final class MetadataCoercer {

  private MetadataCoercer() {}

  private enum Kind {
    STRING,
    INT,
    TIME,
    STRING_MAP,
    STRING_LIST,
    OWNER_REFS,
    MANAGED_FIELDS
  }

  private static final Map<String, Kind> OBJECT_META =
      Map.ofEntries(
          Map.entry("name", Kind.STRING),
          Map.entry("generateName", Kind.STRING),
          Map.entry("namespace", Kind.STRING),
          Map.entry("selfLink", Kind.STRING),
          Map.entry("uid", Kind.STRING),
          Map.entry("resourceVersion", Kind.STRING),
          Map.entry("generation", Kind.INT),
          Map.entry("creationTimestamp", Kind.TIME),
          Map.entry("deletionTimestamp", Kind.TIME),
          Map.entry("deletionGracePeriodSeconds", Kind.INT),
          Map.entry("labels", Kind.STRING_MAP),
          Map.entry("annotations", Kind.STRING_MAP),
          Map.entry("ownerReferences", Kind.OWNER_REFS),
          Map.entry("finalizers", Kind.STRING_LIST),
          Map.entry("managedFields", Kind.MANAGED_FIELDS));

  private static final Map<String, String> OWNER_REF_FIELDS =
      Map.of(
          "apiVersion",
          "s",
          "kind",
          "s",
          "name",
          "s",
          "uid",
          "s",
          "controller",
          "b",
          "blockOwnerDeletion",
          "b");

  private static final Map<String, String> MANAGED_FIELDS_FIELDS =
      Map.of(
          "manager",
          "s",
          "operation",
          "s",
          "apiVersion",
          "s",
          "time",
          "t",
          "fieldsType",
          "s",
          "fieldsV1",
          "o",
          "subresource",
          "s");

  /** Coerces root and embedded metadata in {@code obj}; appends dropped unknown field paths. */
  static void coerce(JsonNode obj, SchemaNode s, boolean isResourceRoot, List<String> unknown) {
    coerce(obj, s, isResourceRoot, "", unknown);
  }

  private static void coerce(
      JsonNode x, SchemaNode s, boolean embedded, String path, List<String> unknown) {
    if (s == null) {
      return;
    }
    if (x instanceof ObjectNode o) {
      if (embedded) {
        for (String k : List.of("apiVersion", "kind")) {
          JsonNode v = o.get(k);
          if (v != null && !v.isTextual()) {
            o.remove(k);
          }
        }
        JsonNode meta = o.get("metadata");
        if (meta != null) {
          if (meta.isObject()) {
            coerceObjectMeta((ObjectNode) meta, Paths.child(path, "metadata"), unknown);
          } else if (meta.isNull()) {
            o.remove("metadata");
          }
          // a non-object metadata does not decode at all; kube passes it through here and
          // validation rejects it later
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        SchemaNode prop = s.properties.get(e.getKey());
        if (prop != null) {
          coerce(e.getValue(), prop, prop.embeddedResource, Paths.child(path, e.getKey()), unknown);
        } else if (s.additionalProperties != null) {
          SchemaNode ap = s.additionalProperties;
          coerce(e.getValue(), ap, ap.embeddedResource, Paths.key(path, e.getKey()), unknown);
        }
      }
    } else if (x instanceof ArrayNode a && s.items != null) {
      for (int i = 0; i < a.size(); i++) {
        coerce(a.get(i), s.items, s.items.embeddedResource, Paths.index(path, i), unknown);
      }
    }
  }

  private static void coerceObjectMeta(ObjectNode meta, String path, List<String> unknown) {
    for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Kind kind = OBJECT_META.get(e.getKey());
      if (kind == null) {
        unknown.add(Paths.child(path, e.getKey()));
        it.remove();
        continue;
      }
      JsonNode v = e.getValue();
      if (v.isNull()) {
        // null decodes to the zero value; kube drops a zero creationTimestamp when writing back
        it.remove();
        continue;
      }
      boolean ok =
          switch (kind) {
            case STRING -> v.isTextual();
            case INT -> v.isIntegralNumber() && v.canConvertToLong();
            case TIME -> v.isTextual() && Formats.isDateTime(v.textValue());
            case STRING_MAP -> isStringMap(v);
            case STRING_LIST -> isStringList(v);
            case OWNER_REFS ->
                isObjectList(v, OWNER_REF_FIELDS, Paths.child(path, e.getKey()), unknown);
            case MANAGED_FIELDS ->
                isObjectList(v, MANAGED_FIELDS_FIELDS, Paths.child(path, e.getKey()), unknown);
          };
      if (!ok) {
        it.remove();
      }
    }
  }

  private static boolean isStringMap(JsonNode v) {
    if (!v.isObject()) {
      return false;
    }
    for (JsonNode x : v) {
      if (!x.isTextual() && !x.isNull()) {
        return false;
      }
    }
    return true;
  }

  private static boolean isStringList(JsonNode v) {
    if (!v.isArray()) {
      return false;
    }
    for (JsonNode x : v) {
      if (!x.isTextual() && !x.isNull()) {
        return false;
      }
    }
    return true;
  }

  private static boolean isObjectList(
      JsonNode v, Map<String, String> fields, String path, List<String> unknown) {
    if (!v.isArray()) {
      return false;
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (item.isNull()) {
        continue;
      }
      if (!item.isObject()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        String type = fields.get(f.getKey());
        JsonNode fv = f.getValue();
        if (type == null) {
          unknown.add(Paths.child(Paths.index(path, i), f.getKey()));
          it.remove();
          continue;
        }
        boolean ok =
            fv.isNull()
                || switch (type) {
                  case "s" -> fv.isTextual();
                  case "b" -> fv.isBoolean();
                  case "t" -> fv.isTextual() && Formats.isDateTime(fv.textValue());
                  default -> fv.isObject();
                };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }
}
