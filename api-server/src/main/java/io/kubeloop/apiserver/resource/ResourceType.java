package io.kubeloop.apiserver.resource;

import io.kubeloop.apiserver.errors.GroupResource;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One served resource in one version, with what discovery says of it.
 *
 * @param group the API group, "" for the core group
 * @param version e.g. {@code v1}
 * @param plural the resource name in URLs, e.g. {@code deployments}
 * @param singular e.g. {@code deployment}
 * @param kind e.g. {@code Deployment}
 * @param namespaced whether objects live in a namespace
 * @param shortNames e.g. {@code deploy}
 * @param categories e.g. {@code all}
 * @param subresources the subresources served, e.g. {@code status}, {@code scale}
 * @param javaType the Fabric8 model class, or null for custom resources
 * @param scale where the scale subresource reads and writes, or null without one
 * @param printerColumns a CRD version's additionalPrinterColumns, or null for built-ins
 */
public record ResourceType(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    Set<String> subresources,
    Class<?> javaType,
    ScalePaths scale,
    com.fasterxml.jackson.databind.JsonNode printerColumns) {

  /** The verbs every stored resource supports. */
  public static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  public ResourceType {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(plural, "plural");
    Objects.requireNonNull(kind, "kind");
    singular =
        singular == null || singular.isEmpty() ? kind.toLowerCase(java.util.Locale.ROOT) : singular;
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
    subresources = Set.copyOf(subresources);
  }

  /**
   * The JSON paths behind an autoscaling/v1 Scale, as a CRD's {@code subresources.scale} names them
   * ({@code .spec.replicas}).
   *
   * @param labelSelectorPath a string-valued selector field, or null to read the structured {@code
   *     spec.selector} of built-in workloads
   */
  public record ScalePaths(
      String specReplicasPath, String statusReplicasPath, String labelSelectorPath) {

    /** Deployments and replica sets. */
    public static final ScalePaths WORKLOADS =
        new ScalePaths(".spec.replicas", ".status.replicas", null);
  }

  /** A copy serving another version of the same resource. */
  public ResourceType withVersion(String otherVersion) {
    return new ResourceType(
        group,
        otherVersion,
        plural,
        singular,
        kind,
        namespaced,
        shortNames,
        categories,
        subresources,
        javaType,
        scale,
        printerColumns);
  }

  /** {@code apps/v1}, or {@code v1} for the core group. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public String listKind() {
    return kind + "List";
  }

  public GroupResource groupResource() {
    return new GroupResource(group, plural);
  }

  public boolean hasSubresource(String name) {
    return subresources.contains(name);
  }

  /**
   * The storage key prefix of all objects of this resource: {@code /registry/<group>/<plural>/},
   * the core group written as {@code core}. Independent of the version: every version of a resource
   * shares one storage location.
   */
  public String keyPrefix() {
    return "/registry/" + (group.isEmpty() ? "core" : group) + "/" + plural + "/";
  }

  /** The storage key prefix of one namespace's objects, or all objects when ns is null/empty. */
  public String keyPrefix(String namespace) {
    if (!namespaced || namespace == null || namespace.isEmpty()) {
      return keyPrefix();
    }
    return keyPrefix() + namespace + "/";
  }

  /** The storage key of one object. */
  public String key(String namespace, String name) {
    return namespaced ? keyPrefix() + namespace + "/" + name : keyPrefix() + name;
  }
}
