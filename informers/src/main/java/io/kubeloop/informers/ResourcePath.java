package io.kubeloop.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Objects;

/**
 * Where a resource's collection lives on the API server.
 *
 * @param group API group, "" for the core group
 * @param version API version
 * @param plural resource name, e.g. {@code configmaps}
 * @param kind the kind, e.g. {@code ConfigMap}
 * @param namespaced whether objects live in namespaces
 */
record ResourcePath(String group, String version, String plural, String kind, boolean namespaced) {

  ResourcePath {
    group = group == null ? "" : group;
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(plural, "plural");
    kind = kind == null ? "" : kind;
  }

  static ResourcePath of(Class<? extends HasMetadata> type) {
    return new ResourcePath(
        HasMetadata.getGroup(type),
        HasMetadata.getVersion(type),
        HasMetadata.getPlural(type),
        HasMetadata.getKind(type),
        Namespaced.class.isAssignableFrom(type));
  }

  static ResourcePath of(ResourceDefinitionContext context) {
    return new ResourcePath(
        context.getGroup(),
        context.getVersion(),
        context.getPlural(),
        context.getKind(),
        context.isNamespaceScoped());
  }

  /** {@code configmaps} or {@code deployments.apps}: the resource as kube names it in messages. */
  String resource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The collection's path (no leading slash) in {@code namespace}, or across all if null. */
  String collectionPath(String namespace) {
    StringBuilder path = new StringBuilder();
    path.append(group.isEmpty() ? "api/" : "apis/" + group + "/").append(version);
    if (namespace != null && namespaced) {
      path.append("/namespaces/").append(namespace);
    }
    return path.append('/').append(plural).toString();
  }
}
