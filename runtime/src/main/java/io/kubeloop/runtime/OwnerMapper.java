package io.kubeloop.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;

/**
 * Maps an owned object to its controlling owner of the primary type (controller-runtime's {@code
 * EnqueueRequestForOwner} with {@code OnlyControllerOwner}): the ownerReference with {@code
 * controller: true} whose kind and API group (the version is ignored, as in controller-runtime) are
 * the primary's. Objects without such a reference map to nothing.
 *
 * <p>The request's namespace is the owned object's for a namespaced primary (owners live in their
 * dependents' namespace) and empty for a cluster-scoped one. Immutable; thread-safe.
 */
final class OwnerMapper<S extends HasMetadata> implements RequestMapper<S> {

  private final String group;
  private final String kind;
  private final boolean namespaced;

  OwnerMapper(Class<? extends HasMetadata> primary) {
    String g = HasMetadata.getGroup(primary);
    this.group = g == null ? "" : g;
    this.kind = HasMetadata.getKind(primary);
    this.namespaced = Namespaced.class.isAssignableFrom(primary);
  }

  @Override
  public List<Request> map(S object) {
    if (object.getMetadata() == null || object.getMetadata().getOwnerReferences() == null) {
      return List.of();
    }
    for (OwnerReference ref : object.getMetadata().getOwnerReferences()) {
      if (Boolean.TRUE.equals(ref.getController())
          && kind.equals(ref.getKind())
          && group.equals(groupOf(ref.getApiVersion()))
          && ref.getName() != null
          && !ref.getName().isEmpty()) {
        // at most one controller reference is valid; the API server rejects a second
        return List.of(
            new Request(namespaced ? object.getMetadata().getNamespace() : "", ref.getName()));
      }
    }
    return List.of();
  }

  /** {@code apps} for {@code apps/v1}, {@code ""} for the core {@code v1}. */
  static String groupOf(String apiVersion) {
    if (apiVersion == null) {
      return "";
    }
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  @Override
  public String toString() {
    return "owner " + (group.isEmpty() ? kind : kind + "." + group);
  }
}
