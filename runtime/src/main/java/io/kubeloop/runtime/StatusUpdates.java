package io.kubeloop.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Writes a resource's status through its {@code status} subresource, safe against concurrent
 * writers.
 *
 * <p>The caller passes the resource as last seen and a mutation that sets the desired status on a
 * copy. The helper applies the mutation to a deep copy, compares the status before and after, and
 * writes only when it changed: an update (PUT) of {@code .../status} carrying the resourceVersion
 * the copy was read at. On 409 Conflict it reads the latest object, applies the mutation to a copy
 * of that and tries again, up to a bounded number of attempts. The mutation must therefore be
 * idempotent and derive the status from the object it is given (and from the caller's own state),
 * not from a previous attempt's result.
 *
 * <p>An update rather than a patch is used because the status is replaced as a whole: the
 * subresource ignores every other part of the object, and a PUT with the resourceVersion is
 * conditional on every API server without depending on patch-type support for the resource.
 *
 * <p>Works for custom resources with a status subresource (Fabric8 {@code CustomResource}
 * subclasses or generic resources) and for built-in types that have one (Pod, Deployment,
 * ReplicaSet, Service, Node...). A type without a status subresource gets a 404 from the API
 * server.
 *
 * <p>The caller's object is never modified (it may belong to an informer cache). All methods are
 * stateless and thread-safe.
 */
public final class StatusUpdates {

  /** Attempts made by the methods without an explicit limit: client-go's {@code DefaultRetry}. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  private StatusUpdates() {}

  /**
   * Sets the status with a mutation that changes the object in place, with up to {@value
   * #DEFAULT_MAX_ATTEMPTS} attempts; see {@link #updateWith(KubernetesClient, HasMetadata,
   * UnaryOperator, int)}.
   *
   * <pre>{@code
   * At updated = StatusUpdates.update(client, at, a -> a.getStatus().setPhase("DONE"));
   * }</pre>
   */
  public static <T extends HasMetadata> T update(
      KubernetesClient client, T resource, Consumer<? super T> mutation) {
    return update(client, resource, mutation, DEFAULT_MAX_ATTEMPTS);
  }

  /**
   * Sets the status with a mutation that changes the object in place; see {@link
   * #updateWith(KubernetesClient, HasMetadata, UnaryOperator, int)}.
   */
  public static <T extends HasMetadata> T update(
      KubernetesClient client, T resource, Consumer<? super T> mutation, int maxAttempts) {
    requireNonNull(mutation, "mutation");
    return updateWith(
        client,
        resource,
        copy -> {
          mutation.accept(copy);
          return copy;
        },
        maxAttempts);
  }

  /**
   * Sets the status with a mutation that returns the desired object (e.g. built with a Fabric8
   * builder from the copy it is given), with up to {@value #DEFAULT_MAX_ATTEMPTS} attempts; see
   * {@link #updateWith(KubernetesClient, HasMetadata, UnaryOperator, int)}.
   */
  public static <T extends HasMetadata> T updateWith(
      KubernetesClient client, T resource, UnaryOperator<T> mutation) {
    return updateWith(client, resource, mutation, DEFAULT_MAX_ATTEMPTS);
  }

  /**
   * Sets the status of {@code resource} to what {@code mutation} makes of it.
   *
   * <p>{@code mutation} is called with a deep copy of the resource (first the caller's, after a
   * conflict the latest from the server) and returns the desired object, which may be the copy
   * itself. Only the status of what it returns is written; it must not change the name or
   * namespace. When the status it returns equals the copy's status nothing is written and the
   * resource it was given is returned.
   *
   * @param client the client to write with
   * @param resource the resource as last seen (a resource without a resourceVersion is read first)
   * @param mutation sets the desired status; called once per attempt, must not return null
   * @param maxAttempts how many writes to try before giving up, at least 1
   * @return the resource as the server stored it, or the resource the mutation was last given when
   *     its status did not change
   * @throws IllegalArgumentException if maxAttempts &lt; 1
   * @throws IllegalStateException if the mutation returns null or renames the object
   * @throws KubernetesClientException with code 409 after {@code maxAttempts} conflicts; with code
   *     404 if the resource (or its status subresource) does not exist; or any other error of the
   *     API server
   */
  public static <T extends HasMetadata> T updateWith(
      KubernetesClient client, T resource, UnaryOperator<T> mutation, int maxAttempts) {
    requireNonNull(client, "client");
    requireNonNull(resource, "resource");
    requireNonNull(mutation, "mutation");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    KubernetesSerialization json = client.getKubernetesSerialization();
    T current = resource;
    if (resource.getMetadata() == null || resource.getMetadata().getResourceVersion() == null) {
      current = read(client, resource);
    }
    KubernetesClientException lastConflict = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) {
        current = read(client, resource);
      }
      T desired = mutation.apply(json.clone(current));
      if (desired == null) {
        throw new IllegalStateException("the status mutation returned null");
      }
      checkSameObject(current, desired);
      if (status(json, current).equals(status(json, desired))) {
        return current;
      }
      desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
      try {
        return client.resource(desired).updateStatus();
      } catch (KubernetesClientException e) {
        if (!isConflict(e)) {
          throw e;
        }
        lastConflict = e;
      }
    }
    throw new KubernetesClientException(
        String.format(
            "gave up updating the status of %s %s after %d attempts: every attempt conflicted"
                + " with a concurrent write",
            resource.getKind(), describe(resource), maxAttempts),
        409,
        lastConflict == null ? null : lastConflict.getStatus());
  }

  private static <T extends HasMetadata> T read(KubernetesClient client, T resource) {
    T latest = client.resource(resource).get();
    if (latest == null) {
      throw new KubernetesClientException(
          String.format(
              "cannot update the status of %s %s: it does not exist",
              resource.getKind(), describe(resource)),
          404,
          null);
    }
    return latest;
  }

  /** The status as JSON ({@code MissingNode} when there is none), for comparison. */
  static JsonNode status(KubernetesSerialization json, HasMetadata resource) {
    return json.convertValue(resource, JsonNode.class).path("status");
  }

  static void checkSameObject(HasMetadata before, HasMetadata after) {
    ObjectMeta a = before.getMetadata();
    ObjectMeta b = after.getMetadata();
    if (b == null
        || !Objects.equals(a.getName(), b.getName())
        || !Objects.equals(a.getNamespace(), b.getNamespace())) {
      throw new IllegalStateException(
          String.format(
              "the mutation must not change the name or namespace of %s %s",
              before.getKind(), describe(before)));
    }
  }

  /** Whether {@code e} is a 409 Conflict (a stale resourceVersion), not a 409 AlreadyExists. */
  static boolean isConflict(KubernetesClientException e) {
    return e.getCode() == 409
        && (e.getStatus() == null || !"AlreadyExists".equals(e.getStatus().getReason()));
  }

  /** {@code namespace/name}, or {@code name} for a cluster-scoped resource. */
  static String describe(HasMetadata resource) {
    ObjectMeta meta = resource.getMetadata();
    if (meta == null) {
      return "<no metadata>";
    }
    String ns = meta.getNamespace();
    return ns == null || ns.isEmpty() ? meta.getName() : ns + "/" + meta.getName();
  }
}
