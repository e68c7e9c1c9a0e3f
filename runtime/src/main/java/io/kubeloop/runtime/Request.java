package io.kubeloop.runtime;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * What a {@link Reconciler} is asked to reconcile: the namespace and name of one primary object,
 * nothing else.
 *
 * <p>Reconciling is level-based: a request says "look at this object again", not what changed. The
 * reconciler reads the current state (from a lister or the client), which may be newer than the
 * event that caused the request, or gone.
 *
 * @param namespace the object's namespace; {@code ""} for a cluster-scoped object
 * @param name the object's name
 */
public record Request(String namespace, String name) {

  public Request {
    namespace = namespace == null ? "" : namespace;
    requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name must not be empty");
    }
  }

  /** A request for a namespaced object. */
  public static Request of(String namespace, String name) {
    return new Request(namespace, name);
  }

  /** A request for a cluster-scoped object. */
  public static Request of(String name) {
    return new Request("", name);
  }

  /** The request for {@code object}'s namespace and name. */
  public static Request of(HasMetadata object) {
    requireNonNull(object, "object");
    requireNonNull(object.getMetadata(), "object.metadata");
    return new Request(object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  /** Whether this names a cluster-scoped object. */
  public boolean clusterScoped() {
    return namespace.isEmpty();
  }

  /** {@code namespace/name}, or {@code name} when cluster-scoped (client-go's key format). */
  @Override
  public String toString() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }
}
