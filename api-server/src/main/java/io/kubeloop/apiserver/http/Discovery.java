package io.kubeloop.apiserver.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.authorization.AccessReviews;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.resource.ResourceRegistry;
import io.kubeloop.apiserver.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The discovery documents: {@code /api}, {@code /apis}, per-group and per-group-version resource
 * lists, and the aggregated form (apidiscovery.k8s.io v2 and v2beta1) that current clients ask for
 * with an Accept header.
 */
final class Discovery {

  static final String AGGREGATED_V2 =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
  static final String AGGREGATED_V2BETA1 =
      "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

  private final ResourceRegistry registry;

  Discovery(ResourceRegistry registry) {
    this.registry = registry;
  }

  /** The aggregated discovery version the Accept header asks for, or null for the legacy form. */
  static String aggregatedVersion(String accept) {
    if (accept == null) {
      return null;
    }
    for (String range : accept.split(",")) {
      String r = range.replace(" ", "").toLowerCase(Locale.ROOT);
      if (r.contains("as=apigroupdiscoverylist") && r.contains("g=apidiscovery.k8s.io")) {
        if (r.contains("v=v2beta1")) {
          return "v2beta1";
        }
        if (r.contains("v=v2")) {
          return "v2";
        }
      }
    }
    return null;
  }

  /** {@code /api}: the core group's versions. */
  byte[] coreVersions(String serverAddress) {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("kind", "APIVersions");
    doc.putArray("versions").add("v1");
    ObjectNode address = doc.putArray("serverAddressByClientCIDRs").addObject();
    address.put("clientCIDR", "0.0.0.0/0");
    address.put("serverAddress", serverAddress);
    return Json.write(doc);
  }

  /** {@code /apis}: every named group. */
  byte[] groups() {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("kind", "APIGroupList");
    doc.put("apiVersion", "v1");
    ArrayNode groups = doc.putArray("groups");
    for (String group : groups(registry)) {
      if (!group.isEmpty()) {
        groups.add(group(group));
      }
    }
    return Json.write(doc);
  }

  /** {@code /apis/<group>}, 404 if the group is not served. */
  byte[] groupDocument(String group) {
    if (group.isEmpty() || versions(group).isEmpty()) {
      throw ApiException.notFoundPath();
    }
    ObjectNode doc = group(group);
    doc.put("kind", "APIGroup");
    doc.put("apiVersion", "v1");
    return Json.write(doc);
  }

  private ObjectNode group(String group) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("name", group);
    ArrayNode versions = node.putArray("versions");
    List<String> served = versions(group);
    for (String version : served) {
      ObjectNode v = versions.addObject();
      v.put("groupVersion", group + "/" + version);
      v.put("version", version);
    }
    ObjectNode preferred = node.putObject("preferredVersion");
    preferred.put("groupVersion", group + "/" + served.get(0));
    preferred.put("version", served.get(0));
    return node;
  }

  /** {@code /api/v1} or {@code /apis/<group>/<version>}, 404 if not served. */
  byte[] resources(String group, String version) {
    if (isReviewGroupVersion(group, version)) {
      return Json.write(reviewResources());
    }
    List<ResourceType> types = registry.resources(group, version);
    if (types.isEmpty()) {
      throw ApiException.notFoundPath();
    }
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("kind", "APIResourceList");
    doc.put("apiVersion", "v1");
    doc.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode list = doc.putArray("resources");
    for (ResourceType t : types) {
      ObjectNode r = list.addObject();
      r.put("name", t.plural());
      r.put("singularName", t.singular());
      r.put("namespaced", t.namespaced());
      r.put("kind", t.kind());
      strings(r.putArray("verbs"), ResourceType.VERBS);
      if (!t.shortNames().isEmpty()) {
        strings(r.putArray("shortNames"), t.shortNames());
      }
      if (!t.categories().isEmpty()) {
        strings(r.putArray("categories"), t.categories());
      }
      for (String sub : t.subresources().stream().sorted().toList()) {
        ObjectNode s = list.addObject();
        s.put("name", t.plural() + "/" + sub);
        s.put("singularName", "");
        s.put("namespaced", t.namespaced());
        SubresourceKind kind = SubresourceKind.of(t, sub);
        if (!kind.group().equals(t.group()) || !kind.version().equals(t.version())) {
          s.put("group", kind.group());
          s.put("version", kind.version());
        }
        s.put("kind", kind.kind());
        strings(s.putArray("verbs"), kind.verbs());
      }
    }
    return Json.write(doc);
  }

  /** The aggregated document of the core group ({@code core = true}) or of all named groups. */
  byte[] aggregated(boolean core, String discoveryVersion) {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("kind", "APIGroupDiscoveryList");
    doc.put("apiVersion", "apidiscovery.k8s.io/" + discoveryVersion);
    doc.putObject("metadata");
    ArrayNode items = doc.putArray("items");
    for (String group : groups(registry)) {
      if (group.isEmpty() != core) {
        continue;
      }
      if (group.equals(AccessReviews.GROUP)) {
        items.add(aggregatedReviews());
        continue;
      }
      ObjectNode item = items.addObject();
      item.putObject("metadata").put("name", group);
      ArrayNode versions = item.putArray("versions");
      for (String version : registry.versions(group)) {
        ObjectNode v = versions.addObject();
        v.put("version", version);
        ArrayNode resources = v.putArray("resources");
        for (ResourceType t : registry.resources(group, version)) {
          ObjectNode r = resources.addObject();
          r.put("resource", t.plural());
          responseKind(r.putObject("responseKind"), t.group(), t.version(), t.kind());
          r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
          r.put("singularResource", t.singular());
          strings(r.putArray("verbs"), ResourceType.VERBS);
          if (!t.shortNames().isEmpty()) {
            strings(r.putArray("shortNames"), t.shortNames());
          }
          if (!t.categories().isEmpty()) {
            strings(r.putArray("categories"), t.categories());
          }
          if (!t.subresources().isEmpty()) {
            ArrayNode subs = r.putArray("subresources");
            for (String sub : t.subresources().stream().sorted().toList()) {
              SubresourceKind kind = SubresourceKind.of(t, sub);
              ObjectNode s = subs.addObject();
              s.put("subresource", sub);
              responseKind(s.putObject("responseKind"), kind.group(), kind.version(), kind.kind());
              strings(s.putArray("verbs"), kind.verbs());
            }
          }
        }
        v.put("freshness", "Current");
      }
    }
    return Json.write(doc);
  }

  // ---------------------------------------------------------------- authorization.k8s.io reviews

  /** The served groups, with the review group that has no stored resources. */
  private static List<String> groups(ResourceRegistry registry) {
    List<String> groups = new ArrayList<>(registry.groups());
    if (!groups.contains(AccessReviews.GROUP)) {
      groups.add(AccessReviews.GROUP);
    }
    return groups;
  }

  private List<String> versions(String group) {
    return group.equals(AccessReviews.GROUP)
        ? List.of(AccessReviews.VERSION)
        : registry.versions(group);
  }

  private static boolean isReviewGroupVersion(String group, String version) {
    return group.equals(AccessReviews.GROUP) && version.equals(AccessReviews.VERSION);
  }

  private static ObjectNode reviewResources() {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("kind", "APIResourceList");
    doc.put("apiVersion", "v1");
    doc.put("groupVersion", AccessReviews.GROUP + "/" + AccessReviews.VERSION);
    ArrayNode list = doc.putArray("resources");
    for (AccessReviews.Review review : AccessReviews.RESOURCES) {
      ObjectNode r = list.addObject();
      r.put("name", review.plural());
      r.put("singularName", review.kind().toLowerCase(Locale.ROOT));
      r.put("namespaced", review.namespaced());
      r.put("kind", review.kind());
      r.putArray("verbs").add("create");
    }
    return doc;
  }

  private static ObjectNode aggregatedReviews() {
    ObjectNode item = Json.MAPPER.createObjectNode();
    item.putObject("metadata").put("name", AccessReviews.GROUP);
    ObjectNode v = item.putArray("versions").addObject();
    v.put("version", AccessReviews.VERSION);
    ArrayNode resources = v.putArray("resources");
    for (AccessReviews.Review review : AccessReviews.RESOURCES) {
      ObjectNode r = resources.addObject();
      r.put("resource", review.plural());
      responseKind(
          r.putObject("responseKind"), AccessReviews.GROUP, AccessReviews.VERSION, review.kind());
      r.put("scope", review.namespaced() ? "Namespaced" : "Cluster");
      r.put("singularResource", review.kind().toLowerCase(Locale.ROOT));
      r.putArray("verbs").add("create");
    }
    v.put("freshness", "Current");
    return item;
  }

  private static void responseKind(ObjectNode node, String group, String version, String kind) {
    node.put("group", group);
    node.put("version", version);
    node.put("kind", kind);
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  /** What a subresource returns and accepts. */
  record SubresourceKind(String group, String version, String kind, List<String> verbs) {
    static SubresourceKind of(ResourceType t, String sub) {
      return switch (sub) {
        case "scale" ->
            new SubresourceKind("autoscaling", "v1", "Scale", List.of("get", "patch", "update"));
        case "binding" -> new SubresourceKind("", "v1", "Binding", List.of("create"));
        case "finalize" -> new SubresourceKind(t.group(), t.version(), t.kind(), List.of("update"));
        case "log" -> new SubresourceKind("", "v1", "Pod", List.of("get"));
        default ->
            new SubresourceKind(
                t.group(), t.version(), t.kind(), List.of("get", "patch", "update"));
      };
    }
  }
}
