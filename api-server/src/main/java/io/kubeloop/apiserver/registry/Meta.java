package io.kubeloop.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes {@code metadata} fields of an object held as a JSON tree. */
final class Meta {

  private Meta() {}

  static ObjectNode metadata(ObjectNode object) {
    JsonNode meta = object.get("metadata");
    if (meta instanceof ObjectNode m) {
      return m;
    }
    return object.putObject("metadata");
  }

  static String text(ObjectNode object, String field) {
    JsonNode meta = object.get("metadata");
    if (meta == null) {
      return "";
    }
    JsonNode value = meta.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }

  static String name(ObjectNode object) {
    return text(object, "name");
  }

  static String namespace(ObjectNode object) {
    return text(object, "namespace");
  }

  static String resourceVersion(ObjectNode object) {
    return text(object, "resourceVersion");
  }

  static String uid(ObjectNode object) {
    return text(object, "uid");
  }

  static boolean isDeleting(ObjectNode object) {
    return !text(object, "deletionTimestamp").isEmpty();
  }

  static List<String> finalizers(ObjectNode object) {
    JsonNode meta = object.get("metadata");
    JsonNode list = meta == null ? null : meta.get("finalizers");
    if (list == null || !list.isArray()) {
      return List.of();
    }
    List<String> result = new ArrayList<>(list.size());
    list.forEach(f -> result.add(f.asText()));
    return result;
  }

  static void setFinalizers(ObjectNode object, List<String> finalizers) {
    if (finalizers.isEmpty()) {
      metadata(object).remove("finalizers");
    } else {
      ArrayNode list = metadata(object).putArray("finalizers");
      finalizers.forEach(list::add);
    }
  }

  static Map<String, String> labels(JsonNode object) {
    JsonNode meta = object.get("metadata");
    JsonNode labels = meta == null ? null : meta.get("labels");
    if (labels == null || !labels.isObject() || labels.isEmpty()) {
      return Map.of();
    }
    Map<String, String> result = new LinkedHashMap<>();
    labels.properties().forEach(e -> result.put(e.getKey(), e.getValue().asText()));
    return Collections.unmodifiableMap(result);
  }

  static long generation(ObjectNode object) {
    JsonNode meta = object.get("metadata");
    JsonNode gen = meta == null ? null : meta.get("generation");
    return gen == null ? 0 : gen.asLong();
  }
}
