package io.kubeloop.apiserver.http;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.registry.ResourceStore;
import io.kubeloop.apiserver.resource.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side field validation of built-in objects: finds fields the resource's schema does not
 * have, removes them (as kube's decoder drops them) and, per {@code fieldValidation}, ignores them,
 * reports them as warnings or rejects the request. The schema is the Fabric8 model class.
 */
final class FieldValidation {

  private static final Map<Class<?>, Map<String, JavaType>> PROPERTIES = new ConcurrentHashMap<>();

  private FieldValidation() {}

  /**
   * @param mode Ignore, Warn or Strict
   * @return the warnings to send (Warn), empty otherwise
   * @throws ApiException 400 under Strict when unknown fields exist
   */
  static List<String> check(ResourceStore store, ObjectNode object, String mode) {
    ResourceType type = store.type();
    List<String> unknown = new ArrayList<>();
    if (type.javaType() == null) {
      // custom resources: the schema decides what is unknown
      unknown.addAll(store.pruneUnknownFields(object));
    } else {
      walk(Json.MAPPER.constructType(type.javaType()), object, "", unknown);
    }
    if (unknown.isEmpty() || mode.equals("Ignore")) {
      return List.of();
    }
    List<String> messages = unknown.stream().map(f -> "unknown field \"" + f + "\"").toList();
    if (mode.equals("Strict")) {
      throw ApiException.badRequest("strict decoding error: " + String.join(", ", messages));
    }
    return messages;
  }

  private static void walk(JavaType type, JsonNode node, String path, List<String> unknown) {
    if (node == null || node.isNull()) {
      return;
    }
    if (type.isCollectionLikeType() || type.isArrayType()) {
      if (node.isArray()) {
        JavaType element = type.getContentType();
        for (int i = 0; i < node.size(); i++) {
          walk(element, node.get(i), path + "[" + i + "]", unknown);
        }
      }
      return;
    }
    if (type.isMapLikeType()) {
      if (node.isObject()) {
        JavaType value = type.getContentType();
        node.properties().forEach(e -> walk(value, e.getValue(), path + "." + e.getKey(), unknown));
      }
      return;
    }
    if (!node.isObject() || !isModel(type.getRawClass())) {
      return;
    }
    Map<String, JavaType> properties = properties(type);
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      JavaType propertyType = properties.get(field.getKey());
      if (propertyType == null) {
        unknown.add(fieldPath);
        fields.remove();
      } else {
        walk(propertyType, field.getValue(), fieldPath, unknown);
      }
    }
  }

  /**
   * Fabric8 model classes carry their schema; anything else (Quantity, IntOrString...) is a leaf.
   */
  private static boolean isModel(Class<?> type) {
    String name = type.getName();
    return name.startsWith("io.fabric8.kubernetes.api.model")
        && !name.equals("io.fabric8.kubernetes.api.model.Quantity")
        && !name.equals("io.fabric8.kubernetes.api.model.IntOrString")
        && !name.equals("io.fabric8.kubernetes.api.model.AnyType")
        && !name.equals("io.fabric8.kubernetes.api.model.FieldsV1")
        && !name.startsWith("io.fabric8.kubernetes.api.model.runtime");
  }

  private static Map<String, JavaType> properties(JavaType type) {
    return PROPERTIES.computeIfAbsent(
        type.getRawClass(),
        raw -> {
          BeanDescription description = Json.MAPPER.getDeserializationConfig().introspect(type);
          Map<String, JavaType> result = new HashMap<>();
          for (BeanPropertyDefinition property : description.findProperties()) {
            if (property.isExplicitlyIncluded() || property.hasSetter() || property.hasField()) {
              result.put(property.getName(), property.getPrimaryType());
            }
          }
          result.remove("additionalProperties");
          return Map.copyOf(result);
        });
  }
}
