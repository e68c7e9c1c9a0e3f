package io.kubeloop.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * A decoded kube protobuf message as the JSON kube would write for the same Go object.
 *
 * <p>Go's encoder writes every non-pointer field, zero or not, and pointer fields when set; the
 * wire does not say which fields are pointers. So: empty strings and empty lists, maps and byte
 * strings are left out (for non-pointer fields they are Go's zero values, which JSON omits or which
 * mean the same as absent); zero numbers and {@code false} are kept (for pointer fields such as
 * {@code replicas} they are meaningful); a metadata {@code generation} of 0 is left out (clients
 * always send it and it means "not set"). Structs are objects even when empty, as Go writes them.
 *
 * <p>kube's types whose JSON is not their fields: {@code metav1.Time} (RFC 3339 at seconds, {@code
 * null} when zero), {@code MicroTime} (microseconds), {@code Duration} (Go's duration string),
 * {@code Quantity} (its string), {@code IntOrString}, {@code RawExtension} and {@code FieldsV1}
 * (embedded JSON), and string lists ({@code ExtraValue}, {@code Verbs}). Stateless.
 */
final class MessageToJson {

  private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();
  private static final DateTimeFormatter MICRO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";

  private MessageToJson() {}

  /** The fields of a message, added to {@code out}. */
  static void fill(Message message, ObjectNode out) {
    for (JsonFields.Slot slot : JsonFields.slots(message.getDescriptorForType())) {
      FieldDescriptor field = slot.field();
      if (slot.inline()) {
        if (message.hasField(field)) {
          fill((Message) message.getField(field), out);
        }
        continue;
      }
      JsonNode value;
      if (field.isMapField()) {
        value = map(message, field);
      } else if (field.isRepeated()) {
        value = list(message, field);
      } else if (message.hasField(field)) {
        value = single(field, message.getField(field));
      } else {
        value = null;
      }
      if (value != null && !(isMetadataGeneration(message, field) && value.asLong() == 0)) {
        out.set(slot.json(), value);
      }
    }
  }

  private static boolean isMetadataGeneration(Message message, FieldDescriptor field) {
    return field.getName().equals("generation")
        && message.getDescriptorForType().getFullName().equals(META + "ObjectMeta");
  }

  private static JsonNode map(Message message, FieldDescriptor field) {
    int count = message.getRepeatedFieldCount(field);
    if (count == 0) {
      return null;
    }
    FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
    FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
    ObjectNode map = NODES.objectNode();
    for (int i = 0; i < count; i++) {
      Message entry = (Message) message.getRepeatedField(field, i);
      String key = String.valueOf(entry.getField(keyField));
      JsonNode value = element(valueField, entry.getField(valueField));
      map.set(key, value);
    }
    return map;
  }

  private static JsonNode list(Message message, FieldDescriptor field) {
    int count = message.getRepeatedFieldCount(field);
    if (count == 0) {
      return null;
    }
    ArrayNode list = NODES.arrayNode(count);
    for (int i = 0; i < count; i++) {
      list.add(element(field, message.getRepeatedField(field, i)));
    }
    return list;
  }

  /** A singular field's value, or null to leave it out. */
  private static JsonNode single(FieldDescriptor field, Object value) {
    return switch (field.getJavaType()) {
      case STRING -> ((String) value).isEmpty() ? null : NODES.textNode((String) value);
      case BYTE_STRING -> ((ByteString) value).isEmpty() ? null : element(field, value);
      default -> element(field, value);
    };
  }

  /** A value as it appears in a list or map, or a non-empty singular field. */
  private static JsonNode element(FieldDescriptor field, Object value) {
    return switch (field.getJavaType()) {
      case STRING -> NODES.textNode((String) value);
      case INT -> NODES.numberNode((Integer) value);
      case LONG -> NODES.numberNode((Long) value);
      case BOOLEAN -> NODES.booleanNode((Boolean) value);
      case DOUBLE -> NODES.numberNode((Double) value);
      case FLOAT -> NODES.numberNode((Float) value);
      case BYTE_STRING ->
          NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
      case ENUM -> NODES.textNode(value.toString());
      case MESSAGE -> message((Message) value);
    };
  }

  /** A nested message: an object of its fields, or a kube type with its own JSON form. */
  static JsonNode message(Message message) {
    String type = message.getDescriptorForType().getFullName();
    if (!JsonFields.SCALAR_MESSAGES.contains(type)) {
      ObjectNode object = NODES.objectNode();
      fill(message, object);
      return object;
    }
    return switch (type) {
      case META + "Time" -> time(message, false);
      case META + "MicroTime" -> time(message, true);
      case META + "Duration" -> NODES.textNode(goDuration(longField(message, "duration")));
      case META + "FieldsV1", "k8s.io.apimachinery.pkg.runtime.RawExtension" -> embedded(message);
      case "k8s.io.apimachinery.pkg.api.resource.Quantity" ->
          NODES.textNode(stringField(message, "string"));
      case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" ->
          longField(message, "type") == 1
              ? NODES.textNode(stringField(message, "strVal"))
              : NODES.numberNode((int) longField(message, "intVal"));
      default -> strings(message); // ExtraValue, Verbs: {items: [...]}
    };
  }

  private static JsonNode time(Message message, boolean micro) {
    long seconds = longField(message, "seconds");
    long nanos = longField(message, "nanos");
    if (seconds == 0 && nanos == 0) {
      return NODES.nullNode(); // Go's zero time, which metav1.Time writes as null
    }
    // metav1.Time keeps whole seconds only (kube drops the nanoseconds when it decodes)
    Instant instant =
        micro ? Instant.ofEpochSecond(seconds, nanos) : Instant.ofEpochSecond(seconds);
    return NODES.textNode(
        micro ? MICRO.format(instant) : DateTimeFormatter.ISO_INSTANT.format(instant));
  }

  private static JsonNode embedded(Message message) {
    FieldDescriptor raw = message.getDescriptorForType().findFieldByNumber(1);
    ByteString bytes = (ByteString) message.getField(raw);
    if (bytes.isEmpty()) {
      return NODES.nullNode();
    }
    try {
      return Json.MAPPER.readTree(bytes.toByteArray());
    } catch (IOException e) {
      throw ApiException.badRequest(
          "embedded object in " + message.getDescriptorForType().getName() + " is not JSON");
    }
  }

  private static JsonNode strings(Message message) {
    FieldDescriptor items = message.getDescriptorForType().findFieldByName("items");
    ArrayNode array = NODES.arrayNode();
    @SuppressWarnings("unchecked")
    List<Object> values = (List<Object>) message.getField(items);
    values.forEach(v -> array.add(String.valueOf(v)));
    return array;
  }

  private static long longField(Message message, String name) {
    FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
    Object value = message.getField(field);
    return ((Number) value).longValue();
  }

  private static String stringField(Message message, String name) {
    return (String) message.getField(message.getDescriptorForType().findFieldByName(name));
  }

  /** Go's {@code time.Duration.String()}: {@code 1h2m3.5s}, {@code 1.5ms}, {@code 0s}. */
  static String goDuration(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    // Long.MIN_VALUE has no positive counterpart; Go prints it from its unsigned magnitude
    java.math.BigInteger magnitude = java.math.BigInteger.valueOf(nanos).abs();
    long u = magnitude.bitLength() > 63 ? Long.MAX_VALUE : magnitude.longValue();
    if (u < 1_000) {
      return sign + u + "ns";
    }
    if (u < 1_000_000) {
      return sign + fraction(u, 1_000) + "µs";
    }
    if (u < 1_000_000_000) {
      return sign + fraction(u, 1_000_000) + "ms";
    }
    long totalSeconds = u / 1_000_000_000;
    long hours = totalSeconds / 3600;
    long minutes = totalSeconds / 60 % 60;
    StringBuilder out = new StringBuilder(sign);
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      out.append(minutes).append('m');
    }
    out.append(fraction(u % 60_000_000_000L, 1_000_000_000)).append('s');
    return out.toString();
  }

  /** {@code value / unit} with the remainder as decimals, trailing zeros trimmed. */
  private static String fraction(long value, long unit) {
    long whole = value / unit;
    long rest = value % unit;
    if (rest == 0) {
      return Long.toString(whole);
    }
    int digits = Long.toString(unit).length() - 1;
    String decimals = String.format("%0" + digits + "d", rest).replaceAll("0+$", "");
    return whole + "." + decimals;
  }
}
