package io.kubeloop.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Swagger 2.0 path items of one resource, shaped as kube-apiserver publishes them: per path the
 * operations with {@code operationId}, {@code x-kubernetes-action}, {@code
 * x-kubernetes-group-version-kind}, the query parameters the server understands (kubectl checks
 * that PATCH lists {@code fieldValidation} and {@code dryRun} before using them), the body and the
 * responses. Watch paths (deprecated in kube) are not published.
 *
 * <p>Stateless; thread-safe.
 */
final class Operations {

  /** What a definition-producing caller needs to know about a resource's types. */
  record Kinds(String kind, String list) {}

  private record Param(String name, String in, String type, boolean required) {}

  private static final Param PRETTY = query("pretty", "string");
  private static final List<Param> LIST =
      List.of(
          query("allowWatchBookmarks", "boolean"),
          query("continue", "string"),
          query("fieldSelector", "string"),
          query("labelSelector", "string"),
          query("limit", "integer"),
          query("resourceVersion", "string"),
          query("resourceVersionMatch", "string"),
          query("sendInitialEvents", "boolean"),
          query("timeoutSeconds", "integer"),
          query("watch", "boolean"));
  private static final List<Param> WRITE =
      List.of(
          query("dryRun", "string"),
          query("fieldManager", "string"),
          query("fieldValidation", "string"));
  private static final List<Param> DELETE =
      List.of(
          query("dryRun", "string"),
          query("gracePeriodSeconds", "integer"),
          query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean"),
          query("orphanDependents", "boolean"),
          query("propagationPolicy", "string"));

  static final String STATUS = KubeNames.META + "Status";
  static final String DELETE_OPTIONS = KubeNames.META + "DeleteOptions";
  static final String PATCH = KubeNames.META + "Patch";
  static final String SCALE = "io.k8s.api.autoscaling.v1.Scale";
  static final String BINDING = "io.k8s.api.core.v1.Binding";

  private Operations() {}

  private static Param query(String name, String type) {
    return new Param(name, "query", type, false);
  }

  /**
   * Adds the path items of {@code type} to {@code paths}.
   *
   * @param kinds the definition names of the resource's kind and list
   */
  static void addPaths(ResourceType type, Kinds kinds, Map<String, ObjectNode> paths) {
    String base = "/" + KubeNames.groupVersionPath(type.group(), type.version());
    String gv = KubeNames.operationGroupVersion(type.group(), type.version());
    String tag = tag(type.group(), type.version());
    ObjectNode gvk = gvk(type.group(), type.version(), type.kind());
    String kind = type.kind();
    String scope = type.namespaced() ? "Namespaced" : "";
    String collection =
        type.namespaced()
            ? base + "/namespaces/{namespace}/" + type.plural()
            : base + "/" + type.plural();
    List<Param> path = type.namespaced() ? List.of(pathParam("namespace")) : List.of();
    List<Param> item = new ArrayList<>(List.of(pathParam("name")));
    item.addAll(path);

    ObjectNode collectionItem = paths.computeIfAbsent(collection, p -> object());
    collectionItem.set(
        "get",
        op("list" + gv + scope + kind, tag, "list", gvk, path, LIST, null, kinds.list(), "200"));
    collectionItem.set(
        "post",
        op(
            "create" + gv + scope + kind,
            tag,
            "post",
            gvk,
            path,
            WRITE,
            kinds.kind(),
            kinds.kind(),
            "200",
            "201",
            "202"));
    List<Param> deleteCollection = new ArrayList<>(DELETE);
    deleteCollection.addAll(LIST.stream().filter(p -> !p.name().startsWith("allow")).toList());
    collectionItem.set(
        "delete",
        op(
            "delete" + gv + "Collection" + scope + kind,
            tag,
            "deletecollection",
            gvk,
            path,
            deleteCollection,
            DELETE_OPTIONS,
            STATUS,
            "200"));

    ObjectNode named = paths.computeIfAbsent(collection + "/{name}", p -> object());
    named.set(
        "get",
        op(
            "read" + gv + scope + kind,
            tag,
            "get",
            gvk,
            item,
            List.of(),
            null,
            kinds.kind(),
            "200"));
    named.set(
        "put",
        op(
            "replace" + gv + scope + kind,
            tag,
            "put",
            gvk,
            item,
            WRITE,
            kinds.kind(),
            kinds.kind(),
            "200",
            "201"));
    named.set("patch", patch("patch" + gv + scope + kind, tag, gvk, item, kinds.kind()));
    named.set(
        "delete",
        op(
            "delete" + gv + scope + kind,
            tag,
            "delete",
            gvk,
            item,
            DELETE,
            DELETE_OPTIONS,
            STATUS,
            "200",
            "202"));

    if (type.namespaced()) {
      ObjectNode all = paths.computeIfAbsent(base + "/" + type.plural(), p -> object());
      all.set(
          "get",
          op(
              "list" + gv + kind + "ForAllNamespaces",
              tag,
              "list",
              gvk,
              List.of(),
              LIST,
              null,
              kinds.list(),
              "200"));
    }

    for (String sub : type.subresources().stream().sorted().toList()) {
      ObjectNode subItem = paths.computeIfAbsent(collection + "/{name}/" + sub, p -> object());
      String suffix = KubeNames.capitalize(sub);
      switch (sub) {
        case "status" ->
            readWrite(subItem, gv + scope + kind + suffix, tag, gvk, item, kinds.kind());
        case "scale" ->
            readWrite(
                subItem,
                gv + scope + kind + suffix,
                tag,
                gvk("autoscaling", "v1", "Scale"),
                item,
                SCALE);
        case "binding" ->
            subItem.set(
                "post",
                op(
                    "create" + gv + scope + kind + suffix,
                    tag,
                    "post",
                    gvk("", "v1", "Binding"),
                    item,
                    WRITE,
                    BINDING,
                    BINDING,
                    "200",
                    "201",
                    "202"));
        case "finalize" ->
            subItem.set(
                "put",
                op(
                    "replace" + gv + scope + kind + suffix,
                    tag,
                    "put",
                    gvk,
                    item,
                    WRITE,
                    kinds.kind(),
                    kinds.kind(),
                    "200",
                    "201"));
        // pods/log answers GET only (with text, which this document does not model)
        case "log" ->
            subItem.set(
                "get",
                op(
                    "read" + gv + scope + kind + suffix,
                    tag,
                    "get",
                    gvk,
                    item,
                    List.of(),
                    null,
                    kinds.kind(),
                    "200"));
        default -> readWrite(subItem, gv + scope + kind + suffix, tag, gvk, item, kinds.kind());
      }
    }
  }

  /**
   * kube's tag of a group version: {@code core_v1}, {@code apps_v1}, {@code stableExampleCom_v1}.
   */
  static String tag(String group, String version) {
    String gv = KubeNames.operationGroupVersion(group, version);
    String g = gv.substring(0, gv.length() - version.length());
    return Character.toLowerCase(g.charAt(0)) + g.substring(1) + "_" + version;
  }

  private static void readWrite(
      ObjectNode item, String name, String tag, ObjectNode gvk, List<Param> params, String kind) {
    item.set("get", op("read" + name, tag, "get", gvk, params, List.of(), null, kind, "200"));
    item.set("put", op("replace" + name, tag, "put", gvk, params, WRITE, kind, kind, "200", "201"));
    item.set("patch", patch("patch" + name, tag, gvk, params, kind));
  }

  private static ObjectNode patch(
      String id, String tag, ObjectNode gvk, List<Param> params, String kind) {
    List<Param> query = new ArrayList<>(WRITE);
    query.add(query("force", "boolean"));
    ObjectNode op = op(id, tag, "patch", gvk, params, query, PATCH, kind, "200", "201");
    ArrayNode consumes = op.putArray("consumes");
    consumes.add("application/json-patch+json");
    consumes.add("application/merge-patch+json");
    consumes.add("application/strategic-merge-patch+json");
    consumes.add("application/apply-patch+yaml");
    return op;
  }

  private static ObjectNode op(
      String id,
      String tag,
      String action,
      ObjectNode gvk,
      List<Param> pathParams,
      List<Param> queryParams,
      String body,
      String response,
      String... codes) {
    ObjectNode op = object();
    op.putArray("consumes").add("*/*");
    op.put("operationId", id);
    ArrayNode parameters = op.putArray("parameters");
    for (Param p : pathParams) {
      parameters.add(param(p));
    }
    parameters.add(param(PRETTY));
    for (Param p : queryParams) {
      parameters.add(param(p));
    }
    if (body != null) {
      ObjectNode b = parameters.addObject();
      b.put("in", "body");
      b.put("name", "body");
      b.put("required", !body.equals(DELETE_OPTIONS));
      b.set("schema", ModelSchemas.ref(body));
    }
    ArrayNode produces = op.putArray("produces");
    produces.add("application/json");
    produces.add("application/yaml");
    ObjectNode responses = op.putObject("responses");
    for (String code : codes) {
      ObjectNode r = responses.putObject(code);
      r.put("description", description(code));
      r.set("schema", ModelSchemas.ref(response));
    }
    responses.putObject("401").put("description", "Unauthorized");
    op.putArray("schemes").add("https");
    op.putArray("tags").add(tag);
    op.put("x-kubernetes-action", action);
    op.set("x-kubernetes-group-version-kind", gvk.deepCopy());
    return op;
  }

  private static String description(String code) {
    return switch (code) {
      case "201" -> "Created";
      case "202" -> "Accepted";
      default -> "OK";
    };
  }

  private static Param pathParam(String name) {
    return new Param(name, "path", "string", true);
  }

  private static ObjectNode param(Param p) {
    ObjectNode node = object();
    node.put("in", p.in());
    node.put("name", p.name());
    if (p.required()) {
      node.put("required", true);
    }
    node.put("type", p.type());
    if (p.name().equals("dryRun") || p.name().equals("fieldValidation")) {
      node.put("uniqueItems", true);
    }
    return node;
  }

  static ObjectNode gvk(String group, String version, String kind) {
    ObjectNode gvk = object();
    gvk.put("group", group);
    gvk.put("kind", kind);
    gvk.put("version", version);
    return gvk;
  }

  private static ObjectNode object() {
    return Json.MAPPER.createObjectNode();
  }
}
