package io.kubeloop.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Adds and removes finalizers on any resource, safe against concurrent writers.
 *
 * <p>A change is sent as a JSON patch ({@code application/json-patch+json}) of two operations: one
 * that sets {@code /metadata/resourceVersion} to the version the change was computed from, and one
 * that sets the whole {@code /metadata/finalizers} list. Why this shape:
 *
 * <ul>
 *   <li>A patch touches only the finalizers, so nothing else the caller's copy holds is written
 *       back: an update (PUT) would send the whole object, and a Java model that does not know
 *       every field of the served version would drop the fields it does not know.
 *   <li>Naming the resourceVersion in the patch makes it conditional: the API server answers 409
 *       Conflict when the object changed since, exactly as for an update with a stale version. A
 *       {@code test} operation would make it conditional too, but kube-apiserver answers a failed
 *       test with a generic 422 that cannot be told apart from a malformed patch.
 *   <li>Sending the whole list (not an index-based {@code add}/{@code remove}) keeps the patch
 *       correct for the exact version it is pinned to, and works on every server and for custom
 *       resources (which have no strategic merge patch).
 * </ul>
 *
 * <p>On 409 the helper reads the latest object, re-applies the change and tries again, giving up
 * after a bounded number of attempts with a {@link KubernetesClientException} of code 409. There is
 * deliberately no sleep between attempts: each retry starts with a fresh read, and a reconciler
 * that gives up is requeued with the work queue's backoff.
 *
 * <p>The caller's object is never modified (it may belong to an informer cache). All methods are
 * stateless and thread-safe.
 */
public final class Finalizers {

  /** Attempts made by the methods without an explicit limit: client-go's {@code DefaultRetry}. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  // A Kubernetes qualified name: an optional DNS subdomain prefix, then a name of up to 63
  // characters. kube accepts finalizers without a prefix (e.g. "kubernetes"), so this does too.
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile(
          "^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
              + "[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");

  private Finalizers() {}

  /** Returns whether {@code resource} lists {@code finalizer}. */
  public static boolean contains(HasMetadata resource, String finalizer) {
    requireNonNull(resource, "resource");
    requireNonNull(finalizer, "finalizer");
    return resource.getMetadata() != null
        && resource.getMetadata().getFinalizers() != null
        && resource.getMetadata().getFinalizers().contains(finalizer);
  }

  /**
   * Adds {@code finalizer} to the resource if it is not listed yet, with up to {@value
   * #DEFAULT_MAX_ATTEMPTS} attempts; see {@link #add(KubernetesClient, HasMetadata, String, int)}.
   */
  public static <T extends HasMetadata> T add(
      KubernetesClient client, T resource, String finalizer) {
    return add(client, resource, finalizer, DEFAULT_MAX_ATTEMPTS);
  }

  /**
   * Adds {@code finalizer} to the resource if it is not listed yet.
   *
   * <p>When {@code resource} already lists the finalizer nothing is written and {@code resource}
   * itself is returned. Otherwise the finalizer is appended to the latest list on the server.
   *
   * @param client the client to write with
   * @param resource the resource as last seen (name, namespace and resourceVersion are used; a
   *     resource without a resourceVersion is read first)
   * @param finalizer a qualified name, e.g. {@code example.com/cleanup}
   * @param maxAttempts how many writes to try before giving up, at least 1
   * @return the resource as the server stored it, or {@code resource} when nothing was written
   * @throws IllegalArgumentException if the finalizer is not a qualified name or maxAttempts &lt; 1
   * @throws KubernetesClientException with code 409 after {@code maxAttempts} conflicts; with code
   *     404 if the resource does not exist; or any other error of the API server (e.g. 422 when the
   *     resource is being deleted, as no finalizer may be added then)
   */
  public static <T extends HasMetadata> T add(
      KubernetesClient client, T resource, String finalizer, int maxAttempts) {
    return change(client, resource, finalizer, maxAttempts, true);
  }

  /**
   * Removes {@code finalizer} from the resource if it is listed, with up to {@value
   * #DEFAULT_MAX_ATTEMPTS} attempts; see {@link #remove(KubernetesClient, HasMetadata, String,
   * int)}.
   */
  public static <T extends HasMetadata> T remove(
      KubernetesClient client, T resource, String finalizer) {
    return remove(client, resource, finalizer, DEFAULT_MAX_ATTEMPTS);
  }

  /**
   * Removes {@code finalizer} from the resource if it is listed.
   *
   * <p>When {@code resource} does not list the finalizer nothing is written and {@code resource}
   * itself is returned. Removing the last finalizer of a resource that is being deleted lets the
   * API server delete it; the returned object is then its final state.
   *
   * @return the resource as the server stored it, {@code resource} when nothing was written, or
   *     null when the resource no longer exists (nothing is left to remove the finalizer from)
   * @throws IllegalArgumentException if the finalizer is not a qualified name or maxAttempts &lt; 1
   * @throws KubernetesClientException with code 409 after {@code maxAttempts} conflicts, or any
   *     other error of the API server
   */
  public static <T extends HasMetadata> T remove(
      KubernetesClient client, T resource, String finalizer, int maxAttempts) {
    return change(client, resource, finalizer, maxAttempts, false);
  }

  private static <T extends HasMetadata> T change(
      KubernetesClient client, T resource, String finalizer, int maxAttempts, boolean add) {
    requireNonNull(client, "client");
    requireNonNull(resource, "resource");
    checkFinalizer(finalizer);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (contains(resource, finalizer) == add) {
      return resource;
    }
    T current = resource;
    if (current.getMetadata().getResourceVersion() == null) {
      current = reread(client, resource, finalizer, add);
      if (current == null) {
        return null;
      }
    }
    KubernetesClientException lastConflict = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) {
        current = reread(client, resource, finalizer, add);
        if (current == null) {
          return null;
        }
      }
      List<String> finalizers = changed(current.getMetadata().getFinalizers(), finalizer, add);
      if (finalizers == null) {
        return current; // someone else made the change already
      }
      String patch = patch(current.getMetadata().getResourceVersion(), finalizers);
      try {
        return client.resource(current).patch(PatchContext.of(PatchType.JSON), patch);
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404 && !add) {
          return null;
        }
        if (!StatusUpdates.isConflict(e)) {
          throw e;
        }
        lastConflict = e;
      }
    }
    throw new KubernetesClientException(
        String.format(
            "gave up %s finalizer %s %s %s %s after %d attempts: every attempt conflicted with a"
                + " concurrent write",
            add ? "adding" : "removing",
            finalizer,
            add ? "to" : "from",
            resource.getKind(),
            StatusUpdates.describe(resource),
            maxAttempts),
        409,
        lastConflict == null ? null : lastConflict.getStatus());
  }

  private static <T extends HasMetadata> T reread(
      KubernetesClient client, T resource, String finalizer, boolean add) {
    T latest = client.resource(resource).get();
    if (latest == null && add) {
      throw new KubernetesClientException(
          String.format(
              "cannot add finalizer %s: %s %s does not exist",
              finalizer, resource.getKind(), StatusUpdates.describe(resource)),
          404,
          null);
    }
    return latest;
  }

  /** The list after the change, or null when the change would not change anything. */
  static List<String> changed(List<String> finalizers, String finalizer, boolean add) {
    List<String> result = finalizers == null ? new ArrayList<>() : new ArrayList<>(finalizers);
    boolean changed;
    if (add) {
      changed = !result.contains(finalizer);
      if (changed) {
        result.add(finalizer);
      }
    } else {
      changed = result.removeIf(finalizer::equals);
    }
    return changed ? result : null;
  }

  /** The JSON patch that sets the finalizers, conditional on {@code resourceVersion}. */
  static String patch(String resourceVersion, List<String> finalizers) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ArrayNode ops = json.arrayNode();
    ObjectNode pin = ops.addObject();
    pin.put("op", "replace");
    pin.put("path", "/metadata/resourceVersion");
    pin.put("value", resourceVersion);
    ObjectNode set = ops.addObject();
    // "add" replaces a member that exists and creates one that does not (RFC 6902 4.1)
    set.put("op", "add");
    set.put("path", "/metadata/finalizers");
    ArrayNode values = set.putArray("value");
    finalizers.forEach(values::add);
    return ops.toString();
  }

  static void checkFinalizer(String finalizer) {
    requireNonNull(finalizer, "finalizer");
    int slash = finalizer.indexOf('/');
    if (!QUALIFIED_NAME.matcher(finalizer).matches() || slash > 253) {
      throw new IllegalArgumentException(
          String.format(
              "finalizer %s is not a qualified name: an optional DNS subdomain prefix and '/',"
                  + " then up to 63 alphanumeric characters, '-', '_' or '.', e.g."
                  + " example.com/cleanup",
              finalizer.isEmpty() ? "\"\"" : finalizer));
    }
  }
}
