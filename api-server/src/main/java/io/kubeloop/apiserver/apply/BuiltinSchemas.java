package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kubeloop.apiserver.codec.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Schemas of built-in types, read from their Fabric8 model classes: a model class is a struct whose
 * fields Jackson's introspection lists, a {@code Map} a map, a {@code List} a list. What the
 * classes do not say comes from {@link BuiltinListTypes}: how each list merges and which structs
 * and maps are atomic.
 *
 * <p>Introspection runs once per class; the schemas are cached and immutable. Thread-safe.
 */
final class BuiltinSchemas {

  private static final String MODEL = "io.fabric8.kubernetes.api.model.";

  /** Classes with a scalar JSON form. */
  private static final Set<String> SCALAR_CLASSES =
      Set.of(MODEL + "Quantity", MODEL + "IntOrString", MODEL + "Duration", MODEL + "MicroTime");

  private static final Map<Class<?>, StructSchema> STRUCTS = new ConcurrentHashMap<>();

  private BuiltinSchemas() {}

  /** The schema of a built-in resource's Fabric8 class. */
  static Schema forClass(Class<?> type) {
    Schema schema = of(Json.MAPPER.constructType(type), null, null);
    if (schema.kind() != Schema.Kind.STRUCT) {
      throw new IllegalArgumentException("not a Fabric8 model class: " + type.getName());
    }
    return schema;
  }

  /** The Java class of struct field {@code name} of {@code type}, or null. */
  static Class<?> fieldClass(Class<?> type, String name) {
    StructSchema struct = STRUCTS.get(type);
    if (struct == null) {
      forClass(type);
      struct = STRUCTS.get(type);
    }
    JavaType field = struct.javaFields().get(name);
    return field == null ? null : field.getRawClass();
  }

  /**
   * The schema of a value of {@code type}; {@code owner} and {@code field} name the struct field
   * holding it, whose markers decide how lists and maps merge (null at the top).
   */
  private static Schema of(JavaType type, Class<?> owner, String field) {
    if (type.isCollectionLikeType() || type.isArrayType()) {
      Schema items = of(type.getContentType(), null, null);
      return BuiltinListTypes.list(owner, field, items);
    }
    if (type.isMapLikeType()) {
      Schema values = of(type.getContentType(), null, null);
      return new MapSchema(values, BuiltinListTypes.atomicMap(owner, field));
    }
    Class<?> raw = type.getRawClass();
    if (isScalar(raw)) {
      return Schema.SCALAR;
    }
    if (isModel(raw)) {
      return STRUCTS.computeIfAbsent(raw, c -> new StructSchema(type));
    }
    return Schema.UNTYPED; // Object, JsonNode, AnyType, RawExtension, custom JSON forms
  }

  private static boolean isScalar(Class<?> raw) {
    return raw.isPrimitive()
        || raw.isEnum()
        || raw == String.class
        || Number.class.isAssignableFrom(raw)
        || raw == Boolean.class
        || raw == Character.class
        || SCALAR_CLASSES.contains(raw.getName());
  }

  /** Fabric8 model classes with a plain bean JSON form; the rest are untyped. */
  private static boolean isModel(Class<?> raw) {
    String name = raw.getName();
    if (!name.startsWith(MODEL)
        || raw.isInterface()
        || name.equals(MODEL + "AnyType")
        || name.equals(MODEL + "FieldsV1")
        || name.startsWith(MODEL + "runtime.")
        || JsonNode.class.isAssignableFrom(raw)) {
      return false;
    }
    JsonDeserialize custom = raw.getAnnotation(JsonDeserialize.class);
    return custom == null || custom.using() == JsonDeserializer.None.class;
  }

  /** A model class's fields, introspected on first use. */
  private static final class StructSchema implements Schema {

    private final JavaType type;
    private final boolean atomic;
    private volatile Map<String, JavaType> javaFields;
    private volatile Map<String, Schema> fields;
    private volatile Map<String, PathElement.Field> elements;

    StructSchema(JavaType type) {
      this.type = type;
      this.atomic = BuiltinListTypes.atomicStruct(type.getRawClass());
    }

    @Override
    public Kind kind() {
      return Kind.STRUCT;
    }

    @Override
    public boolean atomic() {
      return atomic;
    }

    @Override
    public boolean declares(String name) {
      return javaFields().containsKey(name);
    }

    @Override
    public Schema field(String name) {
      return fields().get(name);
    }

    @Override
    public PathElement.Field element(String name) {
      Map<String, PathElement.Field> known = elements;
      if (known == null) {
        Map<String, PathElement.Field> built = new HashMap<>();
        javaFields().keySet().forEach(n -> built.put(n, new PathElement.Field(n)));
        known = built; // never modified once published
        elements = known;
      }
      PathElement.Field element = known.get(name);
      return element == null ? new PathElement.Field(name) : element;
    }

    Map<String, JavaType> javaFields() {
      Map<String, JavaType> result = javaFields;
      if (result == null) {
        BeanDescription description = Json.MAPPER.getDeserializationConfig().introspect(type);
        Map<String, JavaType> found = new HashMap<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
          if (property.isExplicitlyIncluded() || property.hasSetter() || property.hasField()) {
            found.put(property.getName(), property.getPrimaryType());
          }
        }
        found.remove("additionalProperties"); // Fabric8's catch-all, not a field
        result = found; // never modified once published
        javaFields = result;
      }
      return result;
    }

    private Map<String, Schema> fields() {
      Map<String, Schema> result = fields;
      if (result == null) {
        Map<String, Schema> built = new HashMap<>();
        javaFields().forEach((name, t) -> built.put(name, of(t, type.getRawClass(), name)));
        result = built; // never modified once published
        fields = result;
      }
      return result;
    }
  }

  /** A map of free keys to values of one type. */
  record MapSchema(Schema values, boolean atomic) implements Schema {
    @Override
    public Kind kind() {
      return Kind.MAP;
    }

    @Override
    public Schema field(String name) {
      return values;
    }
  }

  /** A list and how it merges. */
  record ListSchema(
      Schema items, ListType listType, List<String> keys, Map<String, String> defaults)
      implements Schema {
    @Override
    public Kind kind() {
      return Kind.LIST;
    }

    @Override
    public JsonNode keyDefault(String key) {
      String value = defaults.get(key);
      return value == null ? null : TextNode.valueOf(value);
    }
  }
}
