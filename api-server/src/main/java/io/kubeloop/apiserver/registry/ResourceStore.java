package io.kubeloop.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.admission.AdmissionChain;
import io.kubeloop.apiserver.admission.AdmissionRequest;
import io.kubeloop.apiserver.admission.AdmissionRequest.Operation;
import io.kubeloop.apiserver.apply.FieldManager;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.FieldError;
import io.kubeloop.apiserver.resource.ResourceType;
import io.kubeloop.apiserver.storage.KeyExistsException;
import io.kubeloop.apiserver.storage.KeyValue;
import io.kubeloop.apiserver.storage.RevisionMismatchException;
import io.kubeloop.apiserver.storage.Storage;
import io.kubeloop.apiserver.watchcache.ObjectDecoder;
import io.kubeloop.apiserver.watchcache.WatchCache;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Create, update, patch and delete of one resource's objects, with kube's metadata rules. Reads go
 * through {@link ResourceReader} over the same watch cache.
 *
 * <p>Thread-safe; methods block on storage and are meant for virtual threads.
 */
public final class ResourceStore {

  private static final int MAX_CONFLICT_RETRIES = 16;
  private static final String GENERATE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final ResourceType type;
  private final Storage storage;
  private final WatchCache cache;
  private volatile ObjectPolicy policy;
  private final AdmissionChain admission;
  private final InstantSource clock;
  private final ResourceReader reader;
  private final SecureRandom random = new SecureRandom();

  /** Field management by the current policy's schema; replaced when the policy changes. */
  private volatile FieldManagement fields;

  public ResourceStore(
      ResourceType type,
      Storage storage,
      WatchCache cache,
      ObjectDecoder decoder,
      ObjectPolicy policy,
      AdmissionChain admission,
      InstantSource clock) {
    this.type = Objects.requireNonNull(type);
    this.storage = Objects.requireNonNull(storage);
    this.cache = Objects.requireNonNull(cache);
    this.policy = Objects.requireNonNull(policy);
    this.admission = Objects.requireNonNull(admission);
    this.clock = Objects.requireNonNull(clock);
    this.reader = new ResourceReader(type, storage, cache, decoder);
  }

  public ResourceType type() {
    return type;
  }

  /** Drops the fields the schema does not know from a request body; returns their paths. */
  public List<String> pruneUnknownFields(ObjectNode object) {
    return policy.pruneUnknownFields(object);
  }

  /** Replaces the policy, e.g. when a CRD's schema changes; later writes use the new one. */
  public void setPolicy(ObjectPolicy policy) {
    this.policy = Objects.requireNonNull(policy);
  }

  public WatchCache cache() {
    return cache;
  }

  /** Reads (get, list) of this resource. */
  public ResourceReader reader() {
    return reader;
  }

  // ---------------------------------------------------------------- create

  /** Creates {@code object} in {@code namespace} ("" for cluster-scoped resources). */
  public Written create(String namespace, ObjectNode object, WriteOptions options) {
    return create(namespace, object, options, true);
  }

  /**
   * @param track record the write in managedFields as an {@code Update}; false when a server-side
   *     apply already did
   */
  private Written create(String namespace, ObjectNode object, WriteOptions options, boolean track) {
    checkTypeMeta(object);
    ObjectNode meta = Meta.metadata(object);
    checkNamespace(namespace, object);
    if (!Meta.resourceVersion(object).isEmpty()) {
      throw ApiException.badRequest("resourceVersion should not be set on objects to be created");
    }
    String generateName = Meta.text(object, "generateName");
    boolean generated = Meta.name(object).isEmpty() && !generateName.isEmpty();
    if (generated) {
      meta.put("name", generateName + randomSuffix());
    }
    meta.put("uid", UUID.randomUUID().toString());
    meta.put("creationTimestamp", timestamp(clock.instant()));
    meta.remove("deletionTimestamp");
    meta.remove("deletionGracePeriodSeconds");
    meta.put("generation", 1);
    if (type.hasSubresource("status")) {
      object.remove("status");
    }
    policy.prepareForCreate(object);
    policy.applyDefaults(object);
    if (track) {
      fieldManager(object).update(null, object, options.fieldManager(), "", clock.instant());
    }
    admission.mutate(request(Operation.CREATE, namespace, object, null, options.dryRun()));
    validate(object, null, "");
    admission.validate(request(Operation.CREATE, namespace, object, null, options.dryRun()));
    if (options.dryRun()) {
      return new Written(object, 201);
    }
    for (int attempt = 0; ; attempt++) {
      String name = Meta.name(object);
      try {
        KeyValue kv =
            storage.create(type.key(namespace, name), encode(object), policy.ttlSeconds());
        // defaulting may have replaced the metadata node: look it up again
        Meta.metadata(object).put("resourceVersion", Long.toString(kv.modRevision()));
        return new Written(object, 201);
      } catch (KeyExistsException e) {
        if (!generated || attempt >= 7) {
          throw ApiException.alreadyExists(type.groupResource(), name);
        }
        Meta.metadata(object).put("name", generateName + randomSuffix());
      }
    }
  }

  // ---------------------------------------------------------------- update and patch

  /**
   * Replaces an object (PUT). A resourceVersion in {@code object} must match the stored one;
   * without one the update is unconditional.
   *
   * @param subresource "" for the main resource, or "status"
   */
  public Written update(
      String namespace, String name, String subresource, ObjectNode object, WriteOptions options) {
    checkTypeMeta(object);
    String bodyName = Meta.name(object);
    if (!bodyName.isEmpty() && !bodyName.equals(name)) {
      throw ApiException.badRequest(
          "the name of the object ("
              + bodyName
              + ") does not match the name on the URL ("
              + name
              + ")");
    }
    checkNamespace(namespace, object);
    String precondition = Meta.resourceVersion(object);
    return modify(
        namespace, name, subresource, old -> object.deepCopy(), precondition, options, true);
  }

  /**
   * Patches an object: {@code patch} turns the current object (resourceVersion included) into the
   * new one. Conflicts with concurrent writers are retried on the fresh object, unless the patch
   * named a resourceVersion: then it applies to that version only, or fails with 409.
   *
   * @param precondition the resourceVersion the patch itself sets, or null
   */
  public Written patch(
      String namespace,
      String name,
      String subresource,
      UnaryOperator<ObjectNode> patch,
      String precondition,
      WriteOptions options) {
    return modify(namespace, name, subresource, patch, precondition, options, true);
  }

  /**
   * Server-side apply of {@code config} (in the storage version) by {@code options.fieldManager()}:
   * merges it into the stored object by field ownership, or creates the object (201) when there is
   * none. A resourceVersion in {@code config} is a precondition.
   *
   * @param subresource "" or "status"
   * @param force take fields other managers own instead of failing with 409
   */
  public Written apply(
      String namespace,
      String name,
      String subresource,
      ObjectNode config,
      boolean force,
      WriteOptions options) {
    String manager = options.fieldManager();
    if (subresource.isEmpty() && storage.get(type.key(namespace, name)).isEmpty()) {
      ObjectNode created =
          fieldManager(config).apply(null, config, manager, "", force, clock.instant());
      checkAppliedName(created, namespace, name);
      String uid = Meta.uid(config);
      if (!uid.isEmpty()) {
        throw ApiException.conflict(
            type.groupResource(),
            name,
            "uid mismatch: the provided object specified uid "
                + uid
                + ", and no existing object was found");
      }
      try {
        return create(namespace, created, options, false);
      } catch (ApiException e) {
        if (!"AlreadyExists".equals(e.reason())) {
          throw e;
        }
        // created meanwhile: apply to what is there
      }
    }
    return modify(
        namespace,
        name,
        subresource,
        live -> {
          ObjectNode applied =
              fieldManager(live).apply(live, config, manager, subresource, force, clock.instant());
          checkAppliedName(applied, namespace, name);
          return applied;
        },
        Meta.resourceVersion(config),
        options,
        false);
  }

  /** kube's name check of an applied object against the URL. */
  private void checkAppliedName(ObjectNode object, String namespace, String name) {
    String given = Meta.name(object);
    if (!given.equals(name)) {
      throw ApiException.badRequest(
          "the name of the object ("
              + given
              + ") does not match the name on the URL ("
              + name
              + ")");
    }
    String givenNamespace = Meta.namespace(object);
    if (type.namespaced() && !givenNamespace.isEmpty() && !givenNamespace.equals(namespace)) {
      throw ApiException.badRequest(
          "the namespace of the object ("
              + givenNamespace
              + ") does not match the namespace on the URL ("
              + namespace
              + ")");
    }
  }

  private Written modify(
      String namespace,
      String name,
      String subresource,
      UnaryOperator<ObjectNode> change,
      String precondition,
      WriteOptions options,
      boolean track) {
    String key = type.key(namespace, name);
    KeyValue current =
        storage.get(key).orElseThrow(() -> ApiException.notFound(type.groupResource(), name));
    for (int attempt = 0; ; attempt++) {
      ObjectNode old = decode(current);
      String currentRv = Long.toString(current.modRevision());
      boolean conditional = precondition != null && !precondition.isEmpty();
      if (conditional && !precondition.equals(currentRv)) {
        throw ApiException.staleResourceVersion(type.groupResource(), name);
      }
      ObjectNode proposed = change.apply(old.deepCopy());
      ObjectNode next = merge(old, proposed, subresource);
      if (!track) {
        // an apply recorded its managedFields in the proposed object, status writes included
        keepManagedFields(proposed, next);
      }
      next = prepareUpdate(namespace, name, subresource, next, old, options, track);
      if (sameContent(next, old)) {
        return new Written(old, 200);
      }
      if (options.dryRun()) {
        return new Written(next, 200);
      }
      try {
        if (Meta.isDeleting(next)
            && Meta.finalizers(next).isEmpty()
            && !policy.blocksDeletion(next)
            && gracePeriodOver(next)) {
          storage.delete(key, current.modRevision());
          return new Written(next, 200);
        }
        KeyValue kv = storage.update(key, current.modRevision(), encode(next), policy.ttlSeconds());
        Meta.metadata(next).put("resourceVersion", Long.toString(kv.modRevision()));
        return new Written(next, 200);
      } catch (RevisionMismatchException e) {
        if (conditional || attempt >= MAX_CONFLICT_RETRIES) {
          throw ApiException.staleResourceVersion(type.groupResource(), name);
        }
        if (e.current() == null) {
          throw ApiException.notFound(type.groupResource(), name);
        }
        current = e.current();
      }
    }
  }

  /** Splits spec and status between the main resource and the status subresource. */
  private ObjectNode merge(ObjectNode old, ObjectNode proposed, String subresource) {
    if ("status".equals(subresource)) {
      ObjectNode next = old.deepCopy();
      JsonNode status = proposed.get("status");
      if (status == null) {
        next.remove("status");
      } else {
        next.set("status", status);
      }
      return next;
    }
    // binding, finalize and scale derive the whole object from the stored one themselves
    if (subresource.isEmpty() && type.hasSubresource("status")) {
      JsonNode status = old.get("status");
      if (status == null) {
        proposed.remove("status");
      } else {
        proposed.set("status", status);
      }
    }
    return proposed;
  }

  private static void keepManagedFields(ObjectNode from, ObjectNode to) {
    JsonNode managed = Meta.metadata(from).get("managedFields");
    if (managed == null) {
      Meta.metadata(to).remove("managedFields");
    } else {
      Meta.metadata(to).set("managedFields", managed);
    }
  }

  private ObjectNode prepareUpdate(
      String namespace,
      String name,
      String subresource,
      ObjectNode next,
      ObjectNode old,
      WriteOptions options,
      boolean track) {
    next.put("apiVersion", type.apiVersion());
    next.put("kind", type.kind());
    ObjectNode meta = Meta.metadata(next);
    ObjectNode oldMeta = Meta.metadata(old);
    meta.put("name", name);
    if (type.namespaced()) {
      meta.put("namespace", namespace);
    } else {
      meta.remove("namespace");
    }
    for (String system :
        List.of(
            "uid",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "generateName")) {
      JsonNode value = oldMeta.get(system);
      if (value == null) {
        meta.remove(system);
      } else {
        meta.set(system, value);
      }
    }
    meta.remove("resourceVersion");
    if (Meta.isDeleting(old)) {
      List<String> added = new ArrayList<>(Meta.finalizers(next));
      added.removeAll(Meta.finalizers(old));
      if (!added.isEmpty()) {
        throw ApiException.invalid(
            type.kind(),
            type.group(),
            name,
            List.of(
                FieldError.forbidden(
                    "metadata.finalizers",
                    "no new finalizers can be added if the object is being deleted, found new finalizers "
                        + quoteAll(added))));
      }
    }
    policy.applyDefaults(next);
    long generation = Math.max(1, Meta.generation(old));
    if (!"status".equals(subresource) && specChanged(next, old, type.hasSubresource("status"))) {
      generation++;
    }
    Meta.metadata(next).put("generation", generation);
    // kube does not record pod bindings in the pod's managedFields
    if (track && !subresource.equals("binding")) {
      fieldManager(next).update(old, next, options.fieldManager(), subresource, clock.instant());
    }
    admission.mutate(request(Operation.UPDATE, namespace, next, old, options.dryRun()));
    validate(next, old, subresource);
    admission.validate(request(Operation.UPDATE, namespace, next, old, options.dryRun()));
    return next;
  }

  // ---------------------------------------------------------------- delete

  /**
   * Deletes an object. One with finalizers, or with a grace period (pods on a node), is only marked
   * with a deletionTimestamp (code 202); it goes when the last finalizer is removed.
   */
  public Written delete(String namespace, String name, DeleteOptions options) {
    String key = type.key(namespace, name);
    KeyValue current =
        storage.get(key).orElseThrow(() -> ApiException.notFound(type.groupResource(), name));
    for (int attempt = 0; ; attempt++) {
      ObjectNode old = decode(current);
      checkPreconditions(old, options, name);
      if (attempt == 0) {
        admission.validate(
            new AdmissionRequest(
                Operation.DELETE, type, "", namespace, name, null, old, options.dryRun()));
      }
      ObjectNode next = old.deepCopy();
      List<String> finalizers = new ArrayList<>(Meta.finalizers(next));
      String propagation = options.propagationPolicy();
      if ("Orphan".equals(propagation) && !finalizers.contains("orphan")) {
        finalizers.add("orphan");
      } else if ("Foreground".equals(propagation) && !finalizers.contains("foregroundDeletion")) {
        finalizers.add("foregroundDeletion");
      }
      Meta.setFinalizers(next, finalizers);
      long grace = Math.max(0, policy.gracePeriodSeconds(old, options.gracePeriodSeconds()));
      boolean deleteNow = finalizers.isEmpty() && !policy.blocksDeletion(next) && (grace == 0);
      try {
        if (deleteNow) {
          if (options.dryRun()) {
            return new Written(old, 200);
          }
          storage.delete(key, current.modRevision());
          return new Written(old, 200);
        }
        ObjectNode meta = Meta.metadata(next);
        Instant now = clock.instant();
        if (!Meta.isDeleting(next)) {
          meta.put("deletionTimestamp", timestamp(now.plusSeconds(grace)));
          meta.put("deletionGracePeriodSeconds", grace);
        } else if (grace < meta.path("deletionGracePeriodSeconds").asLong(0)) {
          // a shorter grace period brings the deadline forward, never back
          meta.put("deletionTimestamp", timestamp(now.plusSeconds(grace)));
          meta.put("deletionGracePeriodSeconds", grace);
        }
        policy.prepareForDeletion(next);
        meta.remove("resourceVersion");
        if (sameContent(next, old) || options.dryRun()) {
          return new Written(old, 202);
        }
        KeyValue kv = storage.update(key, current.modRevision(), encode(next), policy.ttlSeconds());
        meta.put("resourceVersion", Long.toString(kv.modRevision()));
        return new Written(next, 202);
      } catch (RevisionMismatchException e) {
        if (e.current() == null) {
          throw ApiException.notFound(type.groupResource(), name);
        }
        if (attempt >= MAX_CONFLICT_RETRIES) {
          throw ApiException.staleResourceVersion(type.groupResource(), name);
        }
        current = e.current();
      }
    }
  }

  private void checkPreconditions(ObjectNode old, DeleteOptions options, String name) {
    String uid = options.preconditionUid();
    if (uid != null && !uid.isEmpty() && !uid.equals(Meta.uid(old))) {
      throw ApiException.conflict(
          type.groupResource(),
          name,
          "Precondition failed: UID in precondition: "
              + uid
              + ", UID in object meta: "
              + Meta.uid(old));
    }
    String rv = options.preconditionResourceVersion();
    if (rv != null && !rv.isEmpty() && !rv.equals(Meta.resourceVersion(old))) {
      throw ApiException.conflict(
          type.groupResource(),
          name,
          "Precondition failed: ResourceVersion in precondition: "
              + rv
              + ", ResourceVersion in object meta: "
              + Meta.resourceVersion(old));
    }
  }

  // ---------------------------------------------------------------- helpers

  /** The field manager of this resource, by the schema {@code object}'s version follows. */
  private FieldManager fieldManager(ObjectNode object) {
    ObjectPolicy current = policy;
    FieldManagement cached = fields;
    if (cached == null || cached.policy() != current) {
      boolean status = type.hasSubresource("status");
      FieldManager manager =
          type.javaType() != null
              ? FieldManager.forBuiltin(type.javaType(), type.apiVersion(), type.kind(), status)
              : FieldManager.forCustomResource(
                  current.structuralSchema(object).orElse(null),
                  type.apiVersion(),
                  type.kind(),
                  status);
      cached = new FieldManagement(current, manager);
      fields = cached;
    }
    return cached.manager();
  }

  private record FieldManagement(ObjectPolicy policy, FieldManager manager) {}

  private void checkTypeMeta(ObjectNode object) {
    String apiVersion = object.path("apiVersion").asText("");
    String kind = object.path("kind").asText("");
    if (!apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
      throw ApiException.badRequest(
          "the API version in the data ("
              + apiVersion
              + ") does not match the expected API version ("
              + type.apiVersion()
              + ")");
    }
    if (!kind.isEmpty() && !kind.equals(type.kind())) {
      throw ApiException.badRequest(
          "the kind in the data ("
              + kind
              + ") does not match the expected kind ("
              + type.kind()
              + ")");
    }
    object.put("apiVersion", type.apiVersion());
    object.put("kind", type.kind());
    JsonNode meta = object.get("metadata");
    if (meta != null && !meta.isObject() && !meta.isNull()) {
      throw ApiException.badRequest("metadata must be an object");
    }
  }

  private void checkNamespace(String namespace, ObjectNode object) {
    ObjectNode meta = Meta.metadata(object);
    if (!type.namespaced()) {
      meta.remove("namespace");
      return;
    }
    String given = Meta.namespace(object);
    if (!given.isEmpty() && !given.equals(namespace)) {
      throw ApiException.badRequest(
          "the namespace of the provided object does not match the namespace sent on the request");
    }
    meta.put("namespace", namespace);
  }

  private void validate(ObjectNode object, ObjectNode old, String subresource) {
    List<FieldError> errors;
    if (old == null) {
      errors = policy.validate(object);
    } else if (subresource.isEmpty()) {
      errors = policy.validateUpdate(object, old);
    } else if (subresource.equals("status")) {
      errors = policy.validateStatusUpdate(object, old);
    } else {
      // binding, finalize and scale change one field the server checks itself
      errors = List.of();
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(type.kind(), type.group(), Meta.name(object), dedupe(errors));
    }
  }

  private static List<FieldError> dedupe(List<FieldError> errors) {
    return errors.stream().distinct().toList();
  }

  private AdmissionRequest request(
      Operation op, String namespace, ObjectNode object, ObjectNode old, boolean dryRun) {
    return new AdmissionRequest(op, type, "", namespace, Meta.name(object), object, old, dryRun);
  }

  private boolean gracePeriodOver(ObjectNode object) {
    return Meta.metadata(object).path("deletionGracePeriodSeconds").asLong(0) == 0
        || !Instant.parse(Meta.text(object, "deletionTimestamp")).isAfter(clock.instant());
  }

  /**
   * Whether anything but metadata (and status, where it is a subresource of its own) differs: a
   * change that bumps the generation.
   */
  private static boolean specChanged(ObjectNode next, ObjectNode old, boolean statusSubresource) {
    ObjectNode a = next.deepCopy();
    ObjectNode b = old.deepCopy();
    for (ObjectNode o : List.of(a, b)) {
      o.remove("metadata");
      if (statusSubresource) {
        o.remove("status");
      }
      o.remove("apiVersion");
      o.remove("kind");
    }
    return !a.equals(NUMERIC_AWARE, b);
  }

  /**
   * Equality of JSON values where 1, 1L and 1.0 are the same number: typed defaulting produces long
   * or int nodes where parsing produced the other, which must not count as a change.
   */
  private static final java.util.Comparator<JsonNode> NUMERIC_AWARE =
      (x, y) -> {
        if (x.isNumber() && y.isNumber()) {
          return x.decimalValue().compareTo(y.decimalValue());
        }
        return x.equals(y) ? 0 : 1;
      };

  /** Equal apart from resourceVersion: such an update writes nothing, as in kube. */
  private static boolean sameContent(ObjectNode next, ObjectNode old) {
    ObjectNode a = next.deepCopy();
    ObjectNode b = old.deepCopy();
    Meta.metadata(a).remove("resourceVersion");
    Meta.metadata(b).remove("resourceVersion");
    return a.equals(NUMERIC_AWARE, b);
  }

  private String randomSuffix() {
    char[] suffix = new char[5];
    for (int i = 0; i < suffix.length; i++) {
      suffix[i] = GENERATE_ALPHABET.charAt(random.nextInt(GENERATE_ALPHABET.length()));
    }
    return new String(suffix);
  }

  private static String quoteAll(List<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").toList().toString();
  }

  /** RFC 3339 with second precision, as kube writes timestamps. */
  static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  /** Stored form: the object without its resourceVersion, which the revision supplies. */
  static byte[] encode(ObjectNode object) {
    ObjectNode meta = Meta.metadata(object);
    JsonNode rv = meta.remove("resourceVersion");
    try {
      return Json.write(object);
    } finally {
      if (rv != null) {
        meta.set("resourceVersion", rv);
      }
    }
  }

  /** The object of a stored entry, with its resourceVersion. */
  static ObjectNode decode(KeyValue kv) {
    ObjectNode object = Json.readStored(kv.value());
    Meta.metadata(object).put("resourceVersion", Long.toString(kv.modRevision()));
    return object;
  }
}
