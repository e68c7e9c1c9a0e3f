package io.kubeloop.apiserver.openapi;

import java.util.Locale;
import java.util.Set;

/**
 * Kube's names for things in OpenAPI documents: the definition name of a Fabric8 model class (the
 * Go package path of the type, e.g. {@code io.k8s.api.core.v1.Pod}), the definition name of a
 * custom resource ({@code com.example.stable.v1.CronTab}) and the group-version part of operation
 * ids ({@code CoreV1}, {@code AppsV1}, {@code StableExampleComV1}).
 */
final class KubeNames {

  static final String MODEL = "io.fabric8.kubernetes.api.model";
  static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

  /**
   * The apimachinery meta/v1 types, which Fabric8 keeps in its core package beside the core/v1
   * types.
   */
  private static final Set<String> META_TYPES =
      Set.of(
          "APIGroup",
          "APIGroupList",
          "APIResource",
          "APIResourceList",
          "APIVersions",
          "Condition",
          "DeleteOptions",
          "FieldSelectorRequirement",
          "FieldsV1",
          "GroupVersionForDiscovery",
          "LabelSelector",
          "LabelSelectorRequirement",
          "ListMeta",
          "ManagedFieldsEntry",
          "MicroTime",
          "ObjectMeta",
          "OwnerReference",
          "Patch",
          "Preconditions",
          "ServerAddressByClientCIDR",
          "Status",
          "StatusCause",
          "StatusDetails",
          "Time",
          "WatchEvent");

  private KubeNames() {}

  /**
   * The definition name of a Fabric8 model class.
   *
   * @throws IllegalArgumentException for a class outside Fabric8's model packages
   */
  static String definition(Class<?> type) {
    String name = type.getName();
    if (!name.startsWith(MODEL + ".")) {
      throw new IllegalArgumentException("not a Fabric8 model class: " + name);
    }
    String simple = type.getSimpleName();
    String rest = name.substring(MODEL.length() + 1);
    int dot = rest.lastIndexOf('.');
    String pkg = dot < 0 ? "" : rest.substring(0, dot);
    if (pkg.isEmpty()) {
      return switch (simple) {
        case "Quantity" -> "io.k8s.apimachinery.pkg.api.resource.Quantity";
        case "IntOrString" -> "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
        case "Duration" -> META + "Duration";
        default -> META_TYPES.contains(simple) ? META + simple : "io.k8s.api.core.v1." + simple;
      };
    }
    if (pkg.equals("runtime")) {
      return "io.k8s.apimachinery.pkg.runtime." + simple;
    }
    if (pkg.equals("version")) {
      return "io.k8s.apimachinery.pkg.version." + simple;
    }
    if (pkg.startsWith("apiextensions.")) {
      return "io.k8s.apiextensions-apiserver.pkg.apis." + pkg + "." + simple;
    }
    // Fabric8 leaves the version out of a few packages whose only version is v1
    String goPackage =
        switch (pkg) {
          case "apps", "rbac", "storage", "authentication", "authorization" -> pkg + ".v1";
          default -> pkg;
        };
    return "io.k8s.api." + goPackage + "." + simple;
  }

  /**
   * The definition name of a custom resource kind: the group reversed, then version and kind, as
   * kube's CRD OpenAPI builder names it.
   */
  static String customResource(String group, String version, String kind) {
    String[] parts = group.split("\\.");
    StringBuilder reversed = new StringBuilder();
    for (int i = parts.length - 1; i >= 0; i--) {
      reversed.append(parts[i]).append('.');
    }
    return reversed + version + "." + kind;
  }

  /**
   * The group-version part of operation ids: {@code CoreV1}, {@code AppsV1}, {@code CoordinationV1}
   * ({@code .k8s.io} dropped), {@code StableExampleComV1}.
   */
  static String operationGroupVersion(String group, String version) {
    String g = group.isEmpty() ? "core" : group;
    if (g.endsWith(".k8s.io")) {
      g = g.substring(0, g.length() - ".k8s.io".length());
    }
    StringBuilder out = new StringBuilder();
    for (String part : g.split("[.-]")) {
      out.append(capitalize(part));
    }
    return out + capitalize(version);
  }

  static String capitalize(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  /** {@code /api/v1} or {@code /apis/<group>/<version>}. */
  static String groupVersionPath(String group, String version) {
    return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
  }
}
