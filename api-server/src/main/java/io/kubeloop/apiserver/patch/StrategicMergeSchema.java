package io.kubeloop.apiserver.patch;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.CustomResource;
import io.kubeloop.apiserver.errors.ApiException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The type at one place in a document, as kube's {@code PatchMetaFromStruct} sees the Go type
 * there: a struct (a Fabric8 model class, whose fields Jackson's introspection lists), a map, a
 * slice or a scalar. Looking a JSON field up gives the schema of its value and the field's patch
 * strategy and merge key from {@link StrategicMergeStrategies}; the errors are kube's, word for
 * word.
 *
 * <p>Instances are cached per type and immutable; thread-safe.
 */
final class StrategicMergeSchema {

  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  /**
   * Model classes whose Go type is a struct with custom JSON (a string or number on the wire), so
   * no JSON field can be looked up in them.
   */
  private static final Set<String> OPAQUE_STRUCTS =
      Set.of(
          MODEL_PACKAGE + ".Quantity",
          MODEL_PACKAGE + ".IntOrString",
          MODEL_PACKAGE + ".Duration",
          MODEL_PACKAGE + ".MicroTime");

  private static final Map<JavaType, StrategicMergeSchema> CACHE = new ConcurrentHashMap<>();

  private enum Kind {
    STRUCT,
    MAP,
    SLICE,
    SCALAR,
    INTERFACE
  }

  /** A looked-up field: the schema of its value and its tags. */
  record Field(StrategicMergeSchema schema, StrategicMergeStrategies.Tags tags) {}

  private final JavaType type;
  private final Kind kind;

  /** Struct fields by JSON name in declaration order; computed on first lookup. */
  private volatile Map<String, JavaType> fields;

  private StrategicMergeSchema(JavaType type) {
    this.type = type;
    this.kind = kindOf(type);
  }

  /**
   * The schema of a built-in resource's Fabric8 class.
   *
   * @throws ApiException 400 {@code strategic merge patch format is not supported} for custom and
   *     generic resources, as kube answers for unstructured objects
   * @throws IllegalArgumentException for a class that is not a Fabric8 model class
   */
  static StrategicMergeSchema forResource(Class<?> resource) {
    if (GenericKubernetesResource.class.isAssignableFrom(resource)
        || CustomResource.class.isAssignableFrom(resource)) {
      throw StrategicMergeErrors.badRequest(StrategicMergeErrors.UNSUPPORTED);
    }
    if (!isModel(resource)) {
      throw new IllegalArgumentException(
          "not a Fabric8 model class of a built-in type: " + resource.getName());
    }
    return of(JsonTrees.MAPPER.constructType(resource));
  }

  private static StrategicMergeSchema of(JavaType type) {
    return CACHE.computeIfAbsent(type, StrategicMergeSchema::new);
  }

  /**
   * {@code LookupPatchMetadataForStruct}: the field {@code key} of this struct (or the values of
   * this map).
   *
   * @throws ApiException 500 {@code unable to find api field in struct Pod for the json field "x"},
   *     or {@code merging an object in json but data type is not map or struct, instead is: string}
   */
  Field lookupForStruct(String key) {
    return switch (kind) {
      case MAP -> new Field(of(type.getContentType()), StrategicMergeStrategies.Tags.NONE);
      case STRUCT -> {
        Map<String, JavaType> known = fields();
        String name = key;
        JavaType fieldType = known.get(key);
        if (fieldType == null) {
          // Go's encoding/json falls back to a case-insensitive match, the first in field order.
          for (Map.Entry<String, JavaType> e : known.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
              name = e.getKey();
              fieldType = e.getValue();
              break;
            }
          }
        }
        if (fieldType == null) {
          throw StrategicMergeErrors.failed(
              "unable to find api field in struct "
                  + type.getRawClass().getSimpleName()
                  + " for the json field "
                  + GoValues.quote(key));
        }
        yield new Field(of(fieldType), StrategicMergeStrategies.of(type.getRawClass(), name));
      }
      default ->
          throw StrategicMergeErrors.failed(
              "merging an object in json but data type is not map or struct, instead is: "
                  + name());
    };
  }

  /**
   * {@code LookupPatchMetadataForSlice}: the field {@code key}, which must be a list, with the
   * schema of its elements.
   */
  Field lookupForSlice(String key) {
    Field field = lookupForStruct(key);
    StrategicMergeSchema list = field.schema();
    if (list.kind != Kind.SLICE) {
      throw StrategicMergeErrors.failed("expected slice or array type, but got: " + name());
    }
    JavaType element = list.type.getContentType();
    if (kindOf(element) == Kind.SLICE) {
      throw StrategicMergeErrors.failed("unexpected slice of slice");
    }
    return new Field(of(element), field.tags());
  }

  /** Go's {@code reflect.Kind} name of this type, which some of kube's errors print. */
  String name() {
    return switch (kind) {
      case STRUCT -> "struct";
      case MAP -> "map";
      case SLICE -> "slice";
      case INTERFACE -> "interface";
      case SCALAR -> scalarKind(type.getRawClass());
    };
  }

  private Map<String, JavaType> fields() {
    Map<String, JavaType> result = fields;
    if (result == null) {
      result = introspect(type);
      fields = result;
    }
    return result;
  }

  private static Map<String, JavaType> introspect(JavaType type) {
    Map<String, JavaType> result = new LinkedHashMap<>();
    if (OPAQUE_STRUCTS.contains(type.getRawClass().getName())) {
      return result;
    }
    BeanDescription description = JsonTrees.MAPPER.getDeserializationConfig().introspect(type);
    for (BeanPropertyDefinition property : description.findProperties()) {
      if (property.isExplicitlyIncluded() || property.hasSetter() || property.hasField()) {
        result.put(property.getName(), property.getPrimaryType());
      }
    }
    result.remove("additionalProperties"); // Fabric8's catch-all, not a Go field
    return Collections.unmodifiableMap(result);
  }

  private static Kind kindOf(JavaType type) {
    if (type.isCollectionLikeType() || type.isArrayType()) {
      return Kind.SLICE;
    }
    if (type.isMapLikeType()) {
      return Kind.MAP;
    }
    Class<?> raw = type.getRawClass();
    if (isModel(raw)) {
      return Kind.STRUCT;
    }
    if (raw.isPrimitive()
        || raw.isEnum()
        || raw == String.class
        || Number.class.isAssignableFrom(raw)
        || raw == Boolean.class
        || raw == Character.class) {
      return Kind.SCALAR;
    }
    return Kind.INTERFACE; // Object, JsonNode, AnyType: Go's interface{} or json.RawMessage
  }

  /** Fabric8 model classes (structs in Go); {@code runtime.RawExtension} is a struct too. */
  private static boolean isModel(Class<?> raw) {
    String name = raw.getName();
    return name.startsWith(MODEL_PACKAGE + ".")
        && !raw.isInterface()
        && !raw.isEnum()
        && !name.equals(MODEL_PACKAGE + ".AnyType")
        && !JsonNode.class.isAssignableFrom(raw);
  }

  private static String scalarKind(Class<?> raw) {
    if (raw == Integer.class || raw == int.class) {
      return "int32";
    }
    if (raw == Long.class || raw == long.class) {
      return "int64";
    }
    if (raw == Boolean.class || raw == boolean.class) {
      return "bool";
    }
    if (raw == Double.class || raw == double.class) {
      return "float64";
    }
    if (raw == Float.class || raw == float.class) {
      return "float32";
    }
    return "string";
  }
}
