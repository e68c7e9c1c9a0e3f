package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.crd.schema.SchemaView;
import io.kubeloop.apiserver.errors.ApiException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Field management for one resource, as kube-apiserver's field manager does it: every write records
 * in {@code metadata.managedFields} which manager set which fields, and server-side apply merges a
 * configuration into the live object by that record.
 *
 * <ul>
 *   <li>{@link #update} runs on create, update and patch: the request's manager gets an {@code
 *       Update} entry with the fields the write added or changed, taken from whoever held them.
 *   <li>{@link #apply} runs on {@code application/apply-patch+yaml}: the configuration is merged,
 *       fields its manager no longer applies are removed unless someone else owns them, and
 *       changing a field another manager owns is a conflict unless forced.
 * </ul>
 *
 * <p>Entries merge per manager, operation, subresource and (for updates) apiVersion; entries left
 * without fields are dropped; at most 10 update entries are kept (older ones merge into {@code
 * ancient-changes}). The main resource of a resource with a status subresource does not track
 * {@code .status}; the status subresource tracks nothing else.
 *
 * <p>Immutable and thread-safe. Methods work on the JSON trees passed in and never reflect over
 * model objects.
 */
public final class FieldManager {

  /** The manager kube names when a write names none and sends no User-Agent. */
  public static final String UNKNOWN = "unknown";

  private static final int MAX_UPDATE_MANAGERS = 10;
  private static final String BEFORE_FIRST_APPLY = "before-first-apply";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Fields nobody owns: identity and bookkeeping kube strips from every manager's set. */
  private static final FieldSet STRIPPED = stripped();

  private final Schema schema;
  private final String apiVersion;
  private final String kind;
  private final boolean statusSubresource;
  private final ObjectNode zero;
  private final Updater updater;
  private final LastApplied lastApplied;

  private FieldManager(
      Schema schema, String apiVersion, String kind, boolean statusSubresource, ObjectNode zero) {
    this.schema = schema;
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.statusSubresource = statusSubresource;
    this.zero = zero;
    this.updater = new Updater(schema);
    this.lastApplied = new LastApplied(schema, apiVersion);
  }

  /**
   * The field manager of a built-in resource.
   *
   * @param javaType its Fabric8 model class, whose fields are the schema
   * @param apiVersion the apiVersion entries are recorded with, e.g. {@code apps/v1}
   * @param statusSubresource whether {@code status} is written through its own subresource
   */
  public static FieldManager forBuiltin(
      Class<?> javaType, String apiVersion, String kind, boolean statusSubresource) {
    return new FieldManager(
        BuiltinSchemas.forClass(javaType),
        apiVersion,
        kind,
        statusSubresource,
        ZeroObjects.of(javaType));
  }

  /**
   * The field manager of a custom resource.
   *
   * @param schema the structural schema of its version, or null when it has none
   */
  public static FieldManager forCustomResource(
      SchemaView schema, String apiVersion, String kind, boolean statusSubresource) {
    return new FieldManager(
        CustomResourceSchemas.root(schema),
        apiVersion,
        kind,
        statusSubresource,
        ZeroObjects.custom(apiVersion, kind));
  }

  // ---------------------------------------------------------------- update

  /**
   * Records a create, update or patch in {@code next.metadata.managedFields}. Managed fields the
   * client sent replace the stored ones, except on subresources; {@code []} or {@code [{}]} clears
   * them. An existing object without managed fields stays untracked until it is first applied.
   * Never fails: what cannot be decoded is replaced by the stored record.
   *
   * @param live the stored object, or null on create
   * @param next the object about to be written; modified in place
   * @param manager the request's field manager
   * @param subresource "" for the main resource, or e.g. {@code status}
   */
  public void update(
      ObjectNode live, ObjectNode next, String manager, String subresource, Instant now) {
    ObjectNode meta = metadata(next);
    Managed managed = decodeLiveOrNew(live, meta.get("managedFields"), !subresource.isEmpty());
    meta.remove("managedFields");
    if (managed.isEmpty() && live != null) {
      return; // kube starts tracking an existing object only at its first apply
    }
    if (live == null && managed.isEmpty()) {
      createdBy(next, meta, manager, subresource, now);
      return;
    }
    JsonNode before = live == null ? zero : withoutManagedFields(live);
    FieldSet ignored = ignored(subresource, before, next);
    FieldSet own = updater.update(before, next, managed, ignored).difference(STRIPPED);
    if (!own.isEmpty()) {
      ManagerKey key = ManagerKey.update(name(manager), apiVersion, subresource);
      Managed.Entry previous = managed.fields.get(key);
      FieldSet set = previous == null ? own : own.union(previous.set());
      managed.fields.put(key, new Managed.Entry(set, apiVersion, false));
      managed.times.put(key, time(now));
    }
    managed.capUpdaters(MAX_UPDATE_MANAGERS);
    write(meta, managed);
  }

  /** The common create: one entry, written straight from the object (see {@link CreatedFields}). */
  private void createdBy(
      ObjectNode created, ObjectNode meta, String manager, String subresource, Instant now) {
    Set<String> ignoredTop =
        subresource.isEmpty() && statusSubresource ? Set.of("status") : Set.of();
    ObjectNode fields = CreatedFields.of(zero, created, schema, ignoredTop);
    if (fields.isEmpty()) {
      return;
    }
    ObjectNode entry = NODES.objectNode();
    entry.put("manager", name(manager));
    entry.put("operation", ManagerKey.UPDATE);
    entry.put("apiVersion", apiVersion);
    entry.put("time", time(now));
    entry.put("fieldsType", "FieldsV1");
    entry.set("fieldsV1", fields);
    if (!subresource.isEmpty()) {
      entry.put("subresource", subresource);
    }
    meta.putArray("managedFields").add(entry);
  }

  private static Managed decodeLiveOrNew(ObjectNode live, JsonNode sent, boolean subresource) {
    JsonNode stored = live == null ? null : live.path("metadata").get("managedFields");
    if (!subresource && (sent == null || !sent.equals(stored))) {
      if (Managed.isReset(sent)) {
        return new Managed();
      }
      try {
        Managed managed = Managed.decode(sent);
        if (!managed.isEmpty()) {
          return managed;
        }
      } catch (IllegalArgumentException e) {
        // fall back to the stored record, as kube does for what it cannot decode
      }
    }
    try {
      return Managed.decodeStored(stored);
    } catch (IllegalArgumentException e) {
      return new Managed();
    }
  }

  // ---------------------------------------------------------------- apply

  /**
   * Server-side apply of {@code config} by {@code manager}: the object to write, with its managed
   * fields. The caller has checked that {@code config} has this resource's apiVersion and kind.
   *
   * @param live the stored object, or null when the apply creates it
   * @param subresource "" or {@code status}
   * @param force take fields from other managers instead of failing
   * @throws ApiException 409 {@code Conflict} with {@code FieldManagerConflict} causes; 400 when
   *     the configuration sets managedFields; 500 (as kube) when it does not fit the schema
   */
  public ObjectNode apply(
      ObjectNode live,
      ObjectNode config,
      String manager,
      String subresource,
      boolean force,
      Instant now) {
    JsonNode sentManaged = config.path("metadata").get("managedFields");
    if (sentManaged != null && !sentManaged.isNull()) {
      throw ApiException.badRequest("metadata.managedFields must be nil");
    }
    List<String> errors = new ArrayList<>();
    FieldSet configSet = FieldSetWalker.strict(config, schema, errors);
    if (!errors.isEmpty()) {
      throw ApiException.of(
          500,
          null,
          "failed to create typed patch object (" + describe(config) + "): " + join(errors),
          null);
    }
    Managed managed;
    try {
      managed =
          live == null
              ? new Managed()
              : Managed.decodeStored(live.path("metadata").get("managedFields"));
    } catch (IllegalArgumentException e) {
      throw ApiException.of(500, null, "failed to decode managed fields: " + e.getMessage(), null);
    }
    ObjectNode current = live == null ? NODES.objectNode() : withoutManagedFields(live);
    ObjectNode applied = forSubresource(config, subresource);
    ManagerKey key = ManagerKey.apply(name(manager), subresource);
    Result result;
    try {
      result = applyOnce(live != null, current, applied, configSet, managed, key, force, now);
    } catch (Conflicts conflicts) {
      Conflicts left = conflicts;
      if (manager.equals(LastApplied.KUBECTL)) {
        FieldSet allowed = lastApplied.allowedConflicts(current);
        left = allowed == null ? conflicts : conflicts.without(allowed);
      }
      if (left != null) {
        throw left.toApiException();
      }
      result = applyOnce(live != null, current, applied, configSet, managed, key, true, now);
    }
    ObjectNode object = (ObjectNode) result.object();
    Nulls.dropNew(object, current, schema);
    if (manager.equals(LastApplied.KUBECTL) && LastApplied.has(object)) {
      LastApplied.update(object, config);
    }
    write(metadata(object), result.managed());
    return object;
  }

  private record Result(JsonNode object, Managed managed) {}

  private Result applyOnce(
      boolean exists,
      ObjectNode live,
      ObjectNode config,
      FieldSet configSet,
      Managed stored,
      ManagerKey key,
      boolean force,
      Instant now) {
    Managed managed = stored.copy();
    FieldSet ignored = ignored(key.subresource(), live, config);
    if (managed.isEmpty() && exists) {
      // an object nobody tracked yet: what it holds belongs to "before-first-apply"
      FieldSet before =
          updater
              .update(zero, live, managed, ignored(key.subresource(), zero, live))
              .difference(STRIPPED);
      if (!before.isEmpty()) {
        ManagerKey first = ManagerKey.update(BEFORE_FIRST_APPLY, apiVersion, key.subresource());
        managed.fields.put(first, new Managed.Entry(before, apiVersion, false));
        managed.times.put(first, time(now));
      }
    }
    Updater.Applied applied =
        updater.apply(live, config, configSet, apiVersion, managed, key, force, ignored);
    Managed.Entry entry = managed.fields.get(key);
    if (entry != null) {
      FieldSet set = entry.set().difference(STRIPPED);
      if (set.isEmpty()) {
        managed.fields.remove(key);
        managed.times.remove(key);
      } else {
        managed.fields.put(key, new Managed.Entry(set, entry.apiVersion(), true));
        if (applied.changed()) {
          managed.times.put(key, time(now));
        }
      }
    }
    return new Result(applied.object(), managed);
  }

  /**
   * What of a configuration a subresource applies: the status subresource only the status, the main
   * resource everything but the status when that has a subresource of its own.
   */
  private ObjectNode forSubresource(ObjectNode config, String subresource) {
    if (subresource.equals("status")) {
      ObjectNode only = NODES.objectNode();
      for (String field : List.of("apiVersion", "kind", "metadata", "status")) {
        if (config.has(field)) {
          only.set(field, config.get(field));
        }
      }
      return only;
    }
    if (statusSubresource && config.has("status")) {
      ObjectNode copy = config.deepCopy();
      copy.remove("status");
      return copy;
    }
    return config;
  }

  // ---------------------------------------------------------------- helpers

  /** The fields a write through {@code subresource} leaves alone. */
  private FieldSet ignored(String subresource, JsonNode a, JsonNode b) {
    if (subresource.equals("status")) {
      FieldSet others = new FieldSet();
      for (JsonNode object : List.of(a, b)) {
        object
            .fieldNames()
            .forEachRemaining(
                name -> {
                  if (!name.equals("status")) {
                    others.addMember(new PathElement.Field(name));
                  }
                });
      }
      return others;
    }
    if (subresource.isEmpty() && statusSubresource) {
      return FieldSet.of(List.of(new PathElement.Field("status")));
    }
    return FieldSet.EMPTY;
  }

  private static String name(String manager) {
    return manager == null || manager.isEmpty() ? UNKNOWN : manager;
  }

  private static void write(ObjectNode meta, Managed managed) {
    ArrayNode encoded = managed.encode();
    if (encoded == null) {
      meta.remove("managedFields");
    } else {
      meta.set("managedFields", encoded);
    }
  }

  private static ObjectNode metadata(ObjectNode object) {
    JsonNode meta = object.get("metadata");
    return meta instanceof ObjectNode m ? m : object.putObject("metadata");
  }

  /** A view of {@code object} without managedFields, sharing everything else. */
  private static ObjectNode withoutManagedFields(ObjectNode object) {
    JsonNode meta = object.get("metadata");
    if (!(meta instanceof ObjectNode m) || !m.has("managedFields")) {
      return object;
    }
    ObjectNode view = NODES.objectNode();
    for (Map.Entry<String, JsonNode> e : object.properties()) {
      if (e.getKey().equals("metadata")) {
        ObjectNode metaView = NODES.objectNode();
        m.properties().forEach(f -> metaView.set(f.getKey(), f.getValue()));
        metaView.remove("managedFields");
        view.set("metadata", metaView);
      } else {
        view.set(e.getKey(), e.getValue());
      }
    }
    return view;
  }

  /** kube's {@code namespace/name; group/version, Kind=Kind} of a configuration. */
  private String describe(ObjectNode config) {
    JsonNode meta = config.path("metadata");
    String version = config.path("apiVersion").asText(apiVersion);
    String gv = version.contains("/") ? version : "/" + version;
    return meta.path("namespace").asText("")
        + "/"
        + meta.path("name").asText("")
        + "; "
        + gv
        + ", Kind="
        + config.path("kind").asText(kind);
  }

  private static String join(List<String> errors) {
    if (errors.size() == 1) {
      return errors.get(0);
    }
    return "errors:\n  " + String.join("\n  ", errors);
  }

  private static String time(Instant now) {
    return DateTimeFormatter.ISO_INSTANT.format(
        Objects.requireNonNull(now).truncatedTo(ChronoUnit.SECONDS));
  }

  private static FieldSet stripped() {
    FieldSet set = new FieldSet();
    for (String top : List.of("apiVersion", "kind", "metadata")) {
      set.insert(List.of(new PathElement.Field(top)));
    }
    for (String meta :
        List.of(
            "name",
            "namespace",
            "creationTimestamp",
            "selfLink",
            "uid",
            "clusterName",
            "generation",
            "managedFields",
            "resourceVersion")) {
      set.insert(List.of(new PathElement.Field("metadata"), new PathElement.Field(meta)));
    }
    return set;
  }
}
