package io.kubeloop.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.GroupResource;
import io.kubeloop.apiserver.resource.ResourceType;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One consistent set of OpenAPI documents for a set of served resources: the Swagger 2.0 document
 * ({@code /openapi/v2}) as JSON, and lazily as protobuf, the OpenAPI 3.0 document of every group
 * version ({@code /openapi/v3/api/v1}, {@code /openapi/v3/apis/apps/v1}...) and the v3 discovery
 * document listing them with their hashes. ETags are kube's: the upper-case hex SHA-512 of the
 * JSON.
 *
 * <p>Immutable once built, except for the memoized protobuf; thread-safe.
 */
final class Documents {

  static final String TITLE = "Kubernetes";
  static final String VERSION = "v1.35.0-kubeloop";

  /** A served document with its ETag. */
  record Doc(byte[] json, String etag) {}

  private final Doc v2;
  private final Map<String, Doc> v3; // "api/v1", "apis/apps/v1", ... sorted
  private final Doc v3Discovery;
  private volatile byte[] v2Protobuf;

  private Documents(Doc v2, Map<String, Doc> v3, Doc v3Discovery) {
    this.v2 = v2;
    this.v3 = v3;
    this.v3Discovery = v3Discovery;
  }

  Doc v2() {
    return v2;
  }

  /** The v2 document as gnostic protobuf, encoded on first use. */
  byte[] v2Protobuf() {
    byte[] pb = v2Protobuf;
    if (pb == null) {
      try {
        pb = SwaggerProtobuf.encode(Json.MAPPER.readTree(v2.json()));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      v2Protobuf = pb; // racing encoders produce equal bytes
    }
    return pb;
  }

  Optional<Doc> v3(String groupVersionPath) {
    return Optional.ofNullable(v3.get(groupVersionPath));
  }

  Doc v3Discovery() {
    return v3Discovery;
  }

  /**
   * Builds the documents.
   *
   * @param crds the CustomResourceDefinition object serving a custom resource
   */
  static Documents build(
      Collection<ResourceType> types, Function<GroupResource, Optional<JsonNode>> crds) {
    Map<String, ObjectNode> v2Definitions = new TreeMap<>();
    Map<String, ObjectNode> v3CustomDefinitions = new TreeMap<>();
    Map<String, Map<String, ObjectNode>> v2PathsByGroupVersion = new TreeMap<>();
    for (Class<?> common :
        new Class<?>[] {
          io.fabric8.kubernetes.api.model.Status.class,
          io.fabric8.kubernetes.api.model.DeleteOptions.class,
          io.fabric8.kubernetes.api.model.Patch.class
        }) {
      ModelSchemas.addDefinitions(common, v2Definitions);
    }
    addGvk(v2Definitions, Operations.STATUS, "", "v1", "Status");

    for (ResourceType type : types) {
      Operations.Kinds kinds;
      if (isBuiltIn(type.javaType())) {
        kinds = builtIn(type, v2Definitions);
      } else {
        JsonNode crd = crds.apply(type.groupResource()).orElse(null);
        JsonNode schema = crd == null ? null : CrdSchemas.versionSchema(crd, type.version());
        boolean preserve =
            crd != null && crd.path("spec").path("preserveUnknownFields").asBoolean(false);
        String name =
            CrdSchemas.addDefinitions(
                type.group(),
                type.version(),
                type.kind(),
                schema,
                preserve,
                true,
                ModelSchemas.REF_PREFIX,
                v2Definitions);
        CrdSchemas.addDefinitions(
            type.group(),
            type.version(),
            type.kind(),
            schema,
            preserve,
            false,
            OpenApiV3.REF_PREFIX,
            v3CustomDefinitions);
        kinds = new Operations.Kinds(name, name + "List");
        ModelSchemas.addDefinitions(io.fabric8.kubernetes.api.model.ListMeta.class, v2Definitions);
        ModelSchemas.addDefinitions(
            io.fabric8.kubernetes.api.model.ObjectMeta.class, v2Definitions);
      }
      if (type.hasSubresource("scale")) {
        ModelSchemas.addDefinitions(
            io.fabric8.kubernetes.api.model.autoscaling.v1.Scale.class, v2Definitions);
        addGvk(v2Definitions, Operations.SCALE, "autoscaling", "v1", "Scale");
      }
      if (type.hasSubresource("binding")) {
        ModelSchemas.addDefinitions(io.fabric8.kubernetes.api.model.Binding.class, v2Definitions);
        addGvk(v2Definitions, Operations.BINDING, "", "v1", "Binding");
      }
      Operations.addPaths(
          type,
          kinds,
          v2PathsByGroupVersion.computeIfAbsent(
              KubeNames.groupVersionPath(type.group(), type.version()), gv -> new TreeMap<>()));
    }

    // v2: everything in one document
    ObjectNode swagger = Json.MAPPER.createObjectNode();
    swagger.put("swagger", "2.0");
    info(swagger);
    ObjectNode paths = swagger.putObject("paths");
    Map<String, ObjectNode> allPaths = new TreeMap<>();
    v2PathsByGroupVersion.values().forEach(allPaths::putAll);
    allPaths.forEach(paths::set);
    ObjectNode definitions = swagger.putObject("definitions");
    v2Definitions.forEach(definitions::set);
    Doc v2 = doc(Json.write(swagger));

    // v3: one document per group version, with the schemas its paths reach
    Map<String, ObjectNode> v3Definitions = new TreeMap<>();
    v2Definitions.forEach(
        (name, definition) ->
            v3Definitions.put(
                name,
                v3CustomDefinitions.containsKey(name)
                    ? v3CustomDefinitions.get(name)
                    : OpenApiV3.definition(name, definition)));
    Map<String, Doc> v3 = new LinkedHashMap<>();
    ObjectNode discovery = Json.MAPPER.createObjectNode();
    ObjectNode discoveryPaths = discovery.putObject("paths");
    for (Map.Entry<String, Map<String, ObjectNode>> gv : v2PathsByGroupVersion.entrySet()) {
      ObjectNode openapi = Json.MAPPER.createObjectNode();
      openapi.put("openapi", "3.0.0");
      info(openapi);
      ObjectNode gvPaths = openapi.putObject("paths");
      gv.getValue().forEach((path, item) -> gvPaths.set(path, OpenApiV3.pathItem(item)));
      ObjectNode schemas = openapi.putObject("components").putObject("schemas");
      OpenApiV3.closure(gvPaths, v3Definitions).forEach(schemas::set);
      Doc doc = doc(Json.write(openapi));
      v3.put(gv.getKey(), doc);
      discoveryPaths
          .putObject(gv.getKey())
          .put("serverRelativeURL", "/openapi/v3/" + gv.getKey() + "?hash=" + doc.etag());
    }
    return new Documents(v2, Map.copyOf(v3), doc(Json.write(discovery)));
  }

  /** Fabric8 model classes; anything else (a typed custom resource) is described by its CRD. */
  static boolean isBuiltIn(Class<?> javaType) {
    return javaType != null
        && ModelSchemas.isModel(javaType)
        && !io.fabric8.kubernetes.api.model.GenericKubernetesResource.class.isAssignableFrom(
            javaType);
  }

  private static Operations.Kinds builtIn(ResourceType type, Map<String, ObjectNode> definitions) {
    String kind = ModelSchemas.addDefinitions(type.javaType(), definitions);
    addGvk(definitions, kind, type.group(), type.version(), type.kind());
    String list = null;
    try {
      Class<?> listType =
          Class.forName(
              type.javaType().getName() + "List", false, type.javaType().getClassLoader());
      list = ModelSchemas.addDefinitions(listType, definitions);
      addGvk(definitions, list, type.group(), type.version(), type.listKind());
    } catch (ClassNotFoundException e) {
      // no list class: list responses refer to the kind's definition name + "List", built below
    }
    if (list == null) {
      list = kind + "List";
      definitions.put(list, listDefinition(kind));
      addGvk(definitions, list, type.group(), type.version(), type.listKind());
      ModelSchemas.addDefinitions(io.fabric8.kubernetes.api.model.ListMeta.class, definitions);
    }
    return new Operations.Kinds(kind, list);
  }

  private static ObjectNode listDefinition(String kind) {
    ObjectNode list = Json.MAPPER.createObjectNode();
    list.putArray("required").add("items");
    ObjectNode properties = list.putObject("properties");
    properties.putObject("apiVersion").put("type", "string");
    ObjectNode items = properties.putObject("items");
    items.put("type", "array");
    items.set("items", ModelSchemas.ref(kind));
    properties.putObject("kind").put("type", "string");
    properties.set("metadata", ModelSchemas.ref(KubeNames.META + "ListMeta"));
    return list;
  }

  /** Tags a definition with a group-version-kind, once. */
  private static void addGvk(
      Map<String, ObjectNode> definitions, String name, String group, String version, String kind) {
    ObjectNode definition = definitions.get(name);
    ArrayNode gvks = definition.withArray("x-kubernetes-group-version-kind");
    ObjectNode gvk = Operations.gvk(group, version, kind);
    for (JsonNode existing : gvks) {
      if (existing.equals(gvk)) {
        return;
      }
    }
    gvks.add(gvk);
  }

  private static void info(ObjectNode document) {
    ObjectNode info = document.putObject("info");
    info.put("title", TITLE);
    info.put("version", VERSION);
  }

  private static Doc doc(byte[] json) {
    return new Doc(json, etag(json));
  }

  /** kube-openapi's ETag: the upper-case hex SHA-512 of the bytes. */
  static String etag(byte[] json) {
    try {
      return HexFormat.of()
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-512").digest(json));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is missing", e);
    }
  }
}
