package io.kubeloop.apiserver.openapi;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenAPI definitions of built-in types, generated from the Fabric8 model classes (their {@code
 * JsonProperty} fields: the view of a class the server's decoder has), in Swagger 2.0 form: refs
 * point at {@code #/definitions/<kube name>}, structs carry {@code properties} but no {@code type}
 * (kubectl before 1.23 reads {@code type: object} as a map), lists and maps are {@code array} with
 * {@code items} and {@code object} with {@code additionalProperties}.
 *
 * <p>Kube's struct tags that Fabric8 does not keep (required fields, {@code metav1.Time} fields
 * typed as strings, patch strategies, list types, byte formats) come from {@link FieldHints}.
 *
 * <p>Definitions are computed once per class and shared; callers get deep copies. Thread-safe.
 */
final class ModelSchemas {

  static final String REF_PREFIX = "#/definitions/";

  /** Definitions whose Go types marshal to something other than their fields. */
  private static final Map<String, String> OPAQUE =
      Map.of(
          "io.k8s.apimachinery.pkg.api.resource.Quantity",
          "{\"type\":\"string\"}",
          "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
          "{\"type\":\"string\",\"format\":\"int-or-string\"}",
          KubeNames.META + "Time",
          "{\"type\":\"string\",\"format\":\"date-time\"}",
          KubeNames.META + "MicroTime",
          "{\"type\":\"string\",\"format\":\"date-time\"}",
          KubeNames.META + "Duration",
          "{\"type\":\"string\"}",
          KubeNames.META + "FieldsV1",
          "{\"type\":\"object\"}",
          KubeNames.META + "Patch",
          "{\"type\":\"object\"}",
          "io.k8s.apimachinery.pkg.runtime.RawExtension",
          "{\"type\":\"object\"}");

  private static final String APIEXTENSIONS =
      "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.";

  // Class -> its definition (without the definitions it refers to)
  private static final Map<Class<?>, ObjectNode> DEFINITIONS = new ConcurrentHashMap<>();
  // Class -> the definitions its definition refers to: name -> model class, or null for a
  // definition known by name only (metav1.Time, which Fabric8 types as a plain string)
  private static final Map<Class<?>, Map<String, Class<?>>> REFERENCES = new ConcurrentHashMap<>();

  private ModelSchemas() {}

  /**
   * Adds the definition of {@code type} and of every type it refers to, transitively, to {@code
   * definitions} (keyed by kube name), leaving definitions already there alone.
   *
   * @return the definition name of {@code type}
   */
  static String addDefinitions(Class<?> type, Map<String, ObjectNode> definitions) {
    String name = KubeNames.definition(type);
    if (definitions.containsKey(name)) {
      return name;
    }
    definitions.put(name, definition(type).deepCopy());
    REFERENCES
        .get(type)
        .forEach(
            (referenced, model) -> {
              if (model != null) {
                addDefinitions(model, definitions);
              } else {
                definitions.computeIfAbsent(referenced, n -> (ObjectNode) parse(OPAQUE.get(n)));
              }
            });
    return name;
  }

  /** A schema holding only a reference to a definition. */
  static ObjectNode ref(String definition) {
    ObjectNode ref = Json.MAPPER.createObjectNode();
    ref.put("$ref", REF_PREFIX + definition);
    return ref;
  }

  private static ObjectNode definition(Class<?> type) {
    ObjectNode existing = DEFINITIONS.get(type);
    if (existing != null) {
      return existing;
    }
    // Built outside computeIfAbsent: building recurses into other classes' definitions.
    Map<String, Class<?>> referenced = new java.util.LinkedHashMap<>();
    ObjectNode built = build(type, referenced);
    REFERENCES.putIfAbsent(type, java.util.Collections.unmodifiableMap(referenced));
    ObjectNode previous = DEFINITIONS.putIfAbsent(type, built);
    return previous == null ? built : previous;
  }

  private static ObjectNode build(Class<?> type, Map<String, Class<?>> referenced) {
    String name = KubeNames.definition(type);
    String opaque = OPAQUE.get(name);
    if (opaque != null) {
      return (ObjectNode) parse(opaque);
    }
    if (name.startsWith(APIEXTENSIONS + "JSONSchemaPropsOr")
        || name.equals(APIEXTENSIONS + "JSON")) {
      // a schema, a list of schemas, a bool or a list of strings: any value
      return Json.MAPPER.createObjectNode();
    }
    Map<String, JavaType> fields = fields(type);
    ObjectNode definition = Json.MAPPER.createObjectNode();
    Descriptions.Doc doc = Descriptions.of(name);
    if (!doc.type().isEmpty()) {
      definition.put("description", doc.type());
    }
    List<String> required =
        FieldHints.required(name).stream().filter(fields::containsKey).sorted().toList();
    if (!required.isEmpty()) {
      ArrayNode array = definition.putArray("required");
      required.forEach(array::add);
    }
    ObjectNode properties = definition.putObject("properties");
    for (Map.Entry<String, JavaType> field : fields.entrySet()) {
      String fieldName = field.getKey();
      String refOverride = FieldHints.fieldType(name, fieldName);
      ObjectNode schema;
      if (refOverride != null) {
        schema = ref(refOverride);
        referenced.put(refOverride, null);
      } else {
        schema = schema(field.getValue(), referenced);
        if (FieldHints.isByteFormat(name, fieldName)) {
          ObjectNode target =
              schema.has("additionalProperties")
                  ? (ObjectNode) schema.get("additionalProperties")
                  : schema;
          target.put("format", "byte");
        }
      }
      String description = doc.fields().get(fieldName);
      if (description != null) {
        schema.put("description", description);
      }
      FieldHints.addExtensions(type, name, fieldName, schema);
      properties.set(fieldName, schema);
    }
    return definition;
  }

  /**
   * The JSON fields of a Fabric8 model class and their types: its fields annotated with {@code
   * JsonProperty}, as Fabric8 generates them. Reading the annotations directly is what Jackson's
   * introspection finds for these classes (a test checks this), at a fraction of its cost: full
   * introspection of the ~250 classes served takes seconds on a cold JVM.
   */
  static Map<String, JavaType> fields(Class<?> type) {
    Map<String, JavaType> fields = new TreeMap<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        JsonProperty property = field.getAnnotation(JsonProperty.class);
        if (property == null
            || Modifier.isStatic(field.getModifiers())
            || field.isAnnotationPresent(JsonIgnore.class)) {
          continue;
        }
        String name = property.value().isEmpty() ? field.getName() : property.value();
        fields.putIfAbsent(
            name, Json.MAPPER.getTypeFactory().constructType(field.getGenericType()));
      }
    }
    fields.remove("additionalProperties"); // Fabric8's catch-all, not a kube field
    return fields;
  }

  /** The schema of a field of the given Java type. */
  private static ObjectNode schema(JavaType type, Map<String, Class<?>> referenced) {
    ObjectNode schema = Json.MAPPER.createObjectNode();
    Class<?> raw = type.getRawClass();
    if (raw == byte[].class) {
      schema.put("type", "string");
      schema.put("format", "byte");
      return schema;
    }
    if (type.isCollectionLikeType() || type.isArrayType()) {
      schema.put("type", "array");
      schema.set("items", schema(type.getContentType(), referenced));
      return schema;
    }
    if (type.isMapLikeType()) {
      schema.put("type", "object");
      schema.set("additionalProperties", schema(type.getContentType(), referenced));
      return schema;
    }
    if (raw == String.class || raw == char.class || raw == Character.class || raw.isEnum()) {
      schema.put("type", "string");
    } else if (raw == Integer.class || raw == int.class || raw == Short.class) {
      schema.put("type", "integer");
      schema.put("format", "int32");
    } else if (raw == Long.class || raw == long.class) {
      schema.put("type", "integer");
      schema.put("format", "int64");
    } else if (raw == Boolean.class || raw == boolean.class) {
      schema.put("type", "boolean");
    } else if (raw == Double.class || raw == double.class || raw == Float.class) {
      schema.put("type", "number");
      schema.put("format", "double");
    } else if (isModel(raw)) {
      String definition = KubeNames.definition(raw);
      referenced.put(definition, raw);
      return ref(definition);
    }
    // anything else (Object, JsonNode, AnyType) is any value: an empty schema
    return schema;
  }

  /** Fabric8 model classes become definitions; interfaces and AnyType are any value. */
  static boolean isModel(Class<?> raw) {
    return raw.getName().startsWith(KubeNames.MODEL + ".")
        && !raw.isInterface()
        && !raw.isEnum()
        && !raw.getSimpleName().equals("AnyType")
        && !JsonNode.class.isAssignableFrom(raw);
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
