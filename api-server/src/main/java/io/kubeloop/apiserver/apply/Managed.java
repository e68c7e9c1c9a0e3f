package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An object's managedFields, decoded: each manager's field set with the apiVersion it was written
 * in, whether it was applied, and the time of its last change. Decoding and encoding follow kube's
 * {@code DecodeManagedFields} and {@code encodeManagedFields}: entries are written sorted by
 * operation, time, manager, apiVersion and subresource.
 *
 * <p>Mutable and confined to one write.
 */
final class Managed {

  /** A manager's fields. */
  record Entry(FieldSet set, String apiVersion, boolean applied) {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  final Map<ManagerKey, Entry> fields;
  final Map<ManagerKey, String> times;

  /**
   * The stored {@code fieldsV1} of entries decoded from a stored object, by entry identity: an
   * entry a write leaves alone is written back as it was instead of being encoded again.
   */
  private final Map<Entry, JsonNode> encoded;

  Managed() {
    this(new LinkedHashMap<>(), new HashMap<>(), new IdentityHashMap<>());
  }

  private Managed(
      Map<ManagerKey, Entry> fields, Map<ManagerKey, String> times, Map<Entry, JsonNode> encoded) {
    this.fields = fields;
    this.times = times;
    this.encoded = encoded;
  }

  Managed copy() {
    return new Managed(
        new LinkedHashMap<>(fields), new HashMap<>(times), new IdentityHashMap<>(encoded));
  }

  boolean isEmpty() {
    return fields.isEmpty();
  }

  /** Drops managers left without fields. */
  void dropEmpty() {
    fields.entrySet().removeIf(e -> e.getValue().set().isEmpty());
    times.keySet().retainAll(fields.keySet());
  }

  /**
   * Decodes a {@code metadata.managedFields} list; absent or null decodes as empty.
   *
   * @throws IllegalArgumentException with kube's reason when an entry is invalid
   */
  static Managed decode(JsonNode entries) {
    return decode(entries, false);
  }

  /**
   * Decodes the managedFields of a stored object, which this server encoded itself: unchanged
   * entries keep their encoded form.
   */
  static Managed decodeStored(JsonNode entries) {
    return decode(entries, true);
  }

  private static Managed decode(JsonNode entries, boolean stored) {
    Managed managed = new Managed();
    if (entries == null || entries.isNull()) {
      return managed;
    }
    if (!entries.isArray()) {
      throw new IllegalArgumentException("managedFields is not a list");
    }
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      String operation = text(entry, "operation");
      if (!operation.equals(ManagerKey.APPLY) && !operation.equals(ManagerKey.UPDATE)) {
        throw new IllegalArgumentException("operation must be `Apply` or `Update`");
      }
      String apiVersion = text(entry, "apiVersion");
      if (apiVersion.isEmpty()) {
        throw new IllegalArgumentException("apiVersion must not be empty");
      }
      String fieldsType = text(entry, "fieldsType");
      if (fieldsType.isEmpty()) {
        throw new IllegalArgumentException("missing fieldsType in managed fields entry " + i);
      }
      if (!fieldsType.equals("FieldsV1")) {
        throw new IllegalArgumentException(
            "invalid fieldsType \"" + fieldsType + "\" in managed fields entry " + i);
      }
      boolean applied = operation.equals(ManagerKey.APPLY);
      ManagerKey key =
          new ManagerKey(
              text(entry, "manager"),
              operation,
              applied ? "" : apiVersion,
              text(entry, "subresource"));
      Entry decoded = new Entry(FieldsV1.decode(entry.get("fieldsV1")), apiVersion, applied);
      managed.fields.put(key, decoded);
      if (stored && entry.get("fieldsV1") != null) {
        managed.encoded.put(decoded, entry.get("fieldsV1"));
      }
      String time = text(entry, "time");
      if (time.isEmpty()) {
        managed.times.remove(key);
      } else {
        managed.times.put(key, time);
      }
    }
    return managed;
  }

  private static String text(JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }

  /**
   * Whether a client's list asks for the managed fields to be reset: {@code []} or {@code [{}]}.
   */
  static boolean isReset(JsonNode entries) {
    if (entries == null || !entries.isArray()) {
      return false;
    }
    return entries.isEmpty()
        || (entries.size() == 1 && entries.get(0).isObject() && entries.get(0).isEmpty());
  }

  /** The encoded list, sorted as kube sorts it; null when there is no entry. */
  ArrayNode encode() {
    if (fields.isEmpty()) {
      return null;
    }
    List<ObjectNode> entries = new ArrayList<>(fields.size());
    for (Map.Entry<ManagerKey, Entry> e : fields.entrySet()) {
      ManagerKey key = e.getKey();
      Entry entry = e.getValue();
      ObjectNode out = NODES.objectNode();
      if (!key.manager().isEmpty()) {
        out.put("manager", key.manager());
      }
      out.put("operation", entry.applied() ? ManagerKey.APPLY : key.operation());
      out.put("apiVersion", entry.apiVersion());
      String time = times.get(key);
      if (time != null) {
        out.put("time", time);
      }
      out.put("fieldsType", "FieldsV1");
      JsonNode fields = encoded.get(entry);
      // a stored document is never modified, so the new object may share it
      out.set("fieldsV1", fields != null ? fields : FieldsV1.encode(entry.set()));
      if (!key.subresource().isEmpty()) {
        out.put("subresource", key.subresource());
      }
      entries.add(out);
    }
    entries.sort(
        Comparator.<ObjectNode, String>comparing(o -> o.path("operation").asText())
            .thenComparingLong(o -> seconds(o.path("time").asText("")))
            .thenComparing(o -> o.path("manager").asText(""))
            .thenComparing(o -> o.path("apiVersion").asText(""))
            .thenComparing(o -> o.path("subresource").asText("")));
    ArrayNode list = NODES.arrayNode(entries.size());
    entries.forEach(list::add);
    return list;
  }

  /** Seconds since the epoch of an RFC 3339 time; 0 for none, as kube sorts a missing time. */
  static long seconds(String time) {
    if (time == null || time.isEmpty()) {
      return 0;
    }
    try {
      return Instant.parse(time).getEpochSecond();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(time).toEpochSecond();
      } catch (DateTimeParseException again) {
        return 0;
      }
    }
  }

  /**
   * kube's cap on update entries: past {@code max} of them, the oldest are merged into one {@code
   * ancient-changes} entry per apiVersion.
   */
  void capUpdaters(int max) {
    List<ManagerKey> updaters = new ArrayList<>();
    fields.forEach(
        (key, entry) -> {
          if (!entry.applied()) {
            updaters.add(key);
          }
        });
    if (updaters.size() <= max) {
      return;
    }
    updaters.sort(
        Comparator.<ManagerKey>comparingLong(k -> seconds(times.get(k)))
            .thenComparing(ManagerKey::identity));
    Map<String, ManagerKey> firstOfVersion = new HashMap<>();
    int length = updaters.size();
    for (int i = 0; i < updaters.size() && length > max; i++) {
      ManagerKey key = updaters.get(i);
      Entry entry = fields.get(key);
      String time = times.get(key);
      String version = entry.apiVersion();
      ManagerKey bucket = ManagerKey.update("ancient-changes", version, "");
      ManagerKey first = firstOfVersion.get(version);
      if (first == null) {
        firstOfVersion.put(version, key);
        continue;
      }
      if (!fields.containsKey(bucket)) {
        Entry moved = fields.remove(first);
        times.remove(first);
        fields.put(bucket, moved);
      }
      Entry merged = new Entry(entry.set().union(fields.get(bucket).set()), version, false);
      fields.remove(key);
      times.remove(key);
      fields.put(bucket, merged);
      if (time == null) {
        times.remove(bucket);
      } else {
        times.put(bucket, time);
      }
      length--;
    }
  }
}
