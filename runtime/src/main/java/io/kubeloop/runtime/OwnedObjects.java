package io.kubeloop.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects a controller owns: controller owner references and create-or-update, after
 * controller-runtime's {@code controllerutil}.
 *
 * <p>A controller reference is the one owner reference with {@code controller: true}; it names the
 * owner by apiVersion, kind, name and uid and sets {@code blockOwnerDeletion: true}, so the garbage
 * collector deletes the owned object with its owner (and a foreground deletion of the owner waits
 * for it), and {@code Owns(...)} watches map the owned object back to its owner. An object has at
 * most one controller: these helpers refuse to take over an object another owner controls.
 *
 * <p>All methods are stateless and thread-safe.
 */
public final class OwnedObjects {

  /** Attempts {@link #createOrUpdate} makes before giving up on conflicts. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(OwnedObjects.class);

  private OwnedObjects() {}

  /** What {@link #createOrUpdate} did. */
  public enum Operation {
    /** The object did not exist and was created. */
    CREATED,
    /** The object existed and the mutation changed it, so it was updated. */
    UPDATED,
    /** The object existed and already had the desired state; nothing was written. */
    UNCHANGED
  }

  /**
   * The outcome of {@link #createOrUpdate}.
   *
   * @param operation what was done
   * @param object the object as the server stored it (as read, when {@link Operation#UNCHANGED})
   */
  public record Result<T extends HasMetadata>(Operation operation, T object) {
    public Result {
      requireNonNull(operation, "operation");
      requireNonNull(object, "object");
    }
  }

  /**
   * Thrown when an object is to get a controller reference but another owner already controls it,
   * like controller-runtime's {@code AlreadyOwnedError}. Adopting it would make two controllers
   * fight over one object; the usual causes are a name collision between two owners' objects or an
   * object created by hand.
   */
  public static final class AlreadyOwnedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String kind;
    private final String namespace;
    private final String name;
    private final OwnerReference controller;

    AlreadyOwnedException(HasMetadata object, OwnerReference controller) {
      super(
          String.format(
              "%s %s is already owned by another %s controller %s",
              object.getKind(),
              StatusUpdates.describe(object),
              controller.getKind(),
              controller.getName()));
      this.kind = object.getKind();
      this.namespace = object.getMetadata().getNamespace();
      this.name = object.getMetadata().getName();
      this.controller = controller;
    }

    /** The kind of the object that could not be adopted. */
    public String kind() {
      return kind;
    }

    /** Its namespace; null or empty for a cluster-scoped object. */
    public String namespace() {
      return namespace;
    }

    /** Its name. */
    public String name() {
      return name;
    }

    /** The controller reference the object already has. */
    public OwnerReference controller() {
      return controller;
    }
  }

  /**
   * Creates or updates an object owned by {@code owner}, with up to {@value #DEFAULT_MAX_ATTEMPTS}
   * attempts; see {@link #createOrUpdate(KubernetesClient, HasMetadata, HasMetadata, Consumer,
   * int)}.
   */
  public static <T extends HasMetadata> Result<T> createOrUpdate(
      KubernetesClient client, HasMetadata owner, T object, Consumer<? super T> mutate) {
    return createOrUpdate(client, owner, object, mutate, DEFAULT_MAX_ATTEMPTS);
  }

  /**
   * Creates or updates the object named like {@code object} so that it has the state {@code mutate}
   * gives it and a controller reference to {@code owner}, like controller-runtime's {@code
   * CreateOrUpdate} followed by {@code SetControllerReference}.
   *
   * <p>The object is read from the API server. If it does not exist, {@code mutate} is called on a
   * copy of {@code object}, the controller reference is set and the result is created. If it
   * exists, {@code mutate} is called on a copy of what was read, the controller reference is set,
   * and the result is compared with what was read: equal means {@link Operation#UNCHANGED} and no
   * write; otherwise it is updated with the resourceVersion it was read at. A conflict (the object
   * changed or was created meanwhile) starts over with a fresh read.
   *
   * <p>{@code mutate} should set the desired fields one by one on the object it is given rather
   * than replace whole sections: the existing object carries fields the server defaulted, and
   * replacing a section with one that lacks them makes every call an update. It must not change the
   * name or namespace; it may be called more than once. It should not set the status either: types
   * with a status subresource ignore it on update, so the object would never compare equal (use
   * {@link StatusUpdates}).
   *
   * <p>If {@code object} has no namespace, is of a {@link Namespaced} type and the owner is
   * namespaced, the owner's namespace is used. {@code object} itself is never modified.
   *
   * @param client the client to read and write with
   * @param owner the owner, as read from the server (it needs a uid)
   * @param object names the object (kind, name, namespace) and is the starting point when it has to
   *     be created
   * @param mutate sets the desired state
   * @param maxAttempts how many writes to try before giving up, at least 1
   * @return what was done and the object as stored
   * @throws AlreadyOwnedException if the object exists and another owner controls it
   * @throws IllegalArgumentException if the owner cannot own the object (no uid, another namespace,
   *     a namespaced owner of a cluster-scoped object), the object has no name, or maxAttempts &lt;
   *     1
   * @throws IllegalStateException if {@code mutate} changes the name or namespace
   * @throws KubernetesClientException with code 409 after {@code maxAttempts} conflicts, or any
   *     other error of the API server
   */
  public static <T extends HasMetadata> Result<T> createOrUpdate(
      KubernetesClient client,
      HasMetadata owner,
      T object,
      Consumer<? super T> mutate,
      int maxAttempts) {
    requireNonNull(client, "client");
    requireNonNull(owner, "owner");
    requireNonNull(object, "object");
    requireNonNull(mutate, "mutate");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (object.getMetadata() == null || isEmpty(object.getMetadata().getName())) {
      throw new IllegalArgumentException(
          "the owned " + object.getKind() + " needs a name (generateName is not supported)");
    }
    KubernetesSerialization json = client.getKubernetesSerialization();
    T key = json.clone(object);
    if (isEmpty(key.getMetadata().getNamespace())
        && key instanceof Namespaced
        && !isEmpty(owner.getMetadata().getNamespace())) {
      key.getMetadata().setNamespace(owner.getMetadata().getNamespace());
    }
    checkOwner(owner, key);
    OwnerReference ownerRef = controllerReference(owner);

    KubernetesClientException lastConflict = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      T existing = client.resource(key).get();
      try {
        if (existing == null) {
          T desired = json.clone(key);
          mutate.accept(desired);
          StatusUpdates.checkSameObject(key, desired);
          setControllerReference(owner, desired);
          desired.getMetadata().setResourceVersion(null);
          return new Result<>(Operation.CREATED, client.resource(desired).create());
        }
        Optional<OwnerReference> controller = controllerOf(existing);
        if (controller.isPresent() && !sameObject(controller.get(), ownerRef)) {
          throw new AlreadyOwnedException(existing, controller.get());
        }
        T desired = json.clone(existing);
        mutate.accept(desired);
        StatusUpdates.checkSameObject(existing, desired);
        setControllerReference(owner, desired);
        List<String> changed =
            OwnedObjectsDiff.diff(
                json.convertValue(existing, JsonNode.class),
                json.convertValue(desired, JsonNode.class));
        if (changed.isEmpty()) {
          return new Result<>(Operation.UNCHANGED, existing);
        }
        LOG.debug(
            "updating {} {} owned by {} {}: {} changed",
            existing.getKind(),
            StatusUpdates.describe(existing),
            owner.getKind(),
            owner.getMetadata().getName(),
            changed);
        desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        return new Result<>(Operation.UPDATED, client.resource(desired).update());
      } catch (KubernetesClientException e) {
        // 409 on create: someone created it meanwhile; 409 on update: someone changed it.
        if (e.getCode() != 409) {
          throw e;
        }
        lastConflict = e;
      }
    }
    throw new KubernetesClientException(
        String.format(
            "gave up creating or updating %s %s after %d attempts: every attempt conflicted with a"
                + " concurrent write",
            key.getKind(), StatusUpdates.describe(key), maxAttempts),
        409,
        lastConflict == null ? null : lastConflict.getStatus());
  }

  /**
   * Makes {@code owner} the controller of {@code owned}, like controller-runtime's {@code
   * SetControllerReference}: adds {@link #controllerReference(HasMetadata)} to its owner
   * references, replacing a reference to the same owner (same API group, kind and name) if there is
   * one. Modifies {@code owned} in place and returns it.
   *
   * @throws AlreadyOwnedException if another owner already controls {@code owned}
   * @throws IllegalArgumentException if the owner has no apiVersion, kind, name or uid, is in
   *     another namespace, or is namespaced while {@code owned} is cluster-scoped (has no
   *     namespace): the garbage collector does not follow such references
   */
  public static <T extends HasMetadata> T setControllerReference(HasMetadata owner, T owned) {
    requireNonNull(owner, "owner");
    requireNonNull(owned, "owned");
    if (owned.getMetadata() == null) {
      owned.setMetadata(new ObjectMeta());
    }
    checkOwner(owner, owned);
    OwnerReference ref = controllerReference(owner);
    Optional<OwnerReference> current = controllerOf(owned);
    if (current.isPresent() && !sameObject(current.get(), ref)) {
      throw new AlreadyOwnedException(owned, current.get());
    }
    List<OwnerReference> refs = new ArrayList<>();
    boolean replaced = false;
    List<OwnerReference> existing = owned.getMetadata().getOwnerReferences();
    for (OwnerReference r : existing == null ? List.<OwnerReference>of() : existing) {
      if (sameObject(r, ref)) {
        if (!replaced) {
          refs.add(ref);
          replaced = true;
        }
      } else {
        refs.add(r);
      }
    }
    if (!replaced) {
      refs.add(ref);
    }
    owned.getMetadata().setOwnerReferences(refs);
    return owned;
  }

  /**
   * The controller reference to {@code owner}: its apiVersion, kind, name and uid with {@code
   * controller} and {@code blockOwnerDeletion} true.
   *
   * @throws IllegalArgumentException if the owner has no apiVersion, kind, name or uid
   */
  public static OwnerReference controllerReference(HasMetadata owner) {
    requireNonNull(owner, "owner");
    ObjectMeta meta = owner.getMetadata();
    String what = owner.getKind() + " " + StatusUpdates.describe(owner);
    if (isEmpty(owner.getApiVersion()) || isEmpty(owner.getKind())) {
      throw new IllegalArgumentException("the owner " + what + " has no apiVersion or kind");
    }
    if (meta == null || isEmpty(meta.getName()) || isEmpty(meta.getUid())) {
      throw new IllegalArgumentException(
          "the owner " + what + " has no name or uid: use the object as read from the server");
    }
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(meta.getName())
        .withUid(meta.getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** The owner reference of {@code object} marked {@code controller: true}, if any. */
  public static Optional<OwnerReference> controllerOf(HasMetadata object) {
    requireNonNull(object, "object");
    if (object.getMetadata() == null || object.getMetadata().getOwnerReferences() == null) {
      return Optional.empty();
    }
    return object.getMetadata().getOwnerReferences().stream()
        .filter(r -> Boolean.TRUE.equals(r.getController()))
        .findFirst();
  }

  /** Whether {@code owner} (by uid) is the controller of {@code object}. */
  public static boolean isControlledBy(HasMetadata object, HasMetadata owner) {
    requireNonNull(owner, "owner");
    String uid = owner.getMetadata() == null ? null : owner.getMetadata().getUid();
    return uid != null && controllerOf(object).map(r -> uid.equals(r.getUid())).orElse(false);
  }

  /** Same API group (any version), kind and name: controller-runtime's {@code referSameObject}. */
  static boolean sameObject(OwnerReference a, OwnerReference b) {
    return group(a.getApiVersion()).equals(group(b.getApiVersion()))
        && Objects.equals(a.getKind(), b.getKind())
        && Objects.equals(a.getName(), b.getName());
  }

  /** The group of {@code group/version}; "" for the core group's plain {@code v1}. */
  static String group(String apiVersion) {
    if (apiVersion == null) {
      return "";
    }
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  private static void checkOwner(HasMetadata owner, HasMetadata owned) {
    String ownerNs = owner.getMetadata() == null ? null : owner.getMetadata().getNamespace();
    if (isEmpty(ownerNs)) {
      return; // a cluster-scoped owner may own anything
    }
    String ownedNs = owned.getMetadata().getNamespace();
    if (isEmpty(ownedNs)) {
      throw new IllegalArgumentException(
          String.format(
              "cluster-scoped resource must not have a namespace-scoped owner, owner's namespace"
                  + " %s (set the namespace of the owned %s if it is namespaced)",
              ownerNs, owned.getKind()));
    }
    if (!ownerNs.equals(ownedNs)) {
      throw new IllegalArgumentException(
          String.format(
              "cross-namespace owner references are disallowed, owner's namespace %s, obj's"
                  + " namespace %s",
              ownerNs, ownedNs));
    }
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }
}
