package io.kubeloop.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.FieldError;
import io.kubeloop.apiserver.errors.GroupResource;
import io.kubeloop.apiserver.registry.ResourceStore;
import io.kubeloop.apiserver.registry.WriteOptions;
import io.kubeloop.apiserver.registry.Written;
import io.kubeloop.apiserver.resource.ResourceType;
import io.kubeloop.apiserver.watchcache.CachedObject;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * The subresources that are views or actions rather than parts of the object: {@code scale}
 * (autoscaling/v1 Scale over spec.replicas), {@code pods/binding} (assigns a node once) and {@code
 * namespaces/finalize} (writes spec.finalizers only).
 */
final class Subresources {

  private final java.time.InstantSource clock;

  Subresources(java.time.InstantSource clock) {
    this.clock = clock;
  }

  void handle(
      HttpServerRequest request,
      ResourceStore store,
      String namespace,
      RequestInfo info,
      byte[] body,
      MediaTypes media) {
    if (info.name().isEmpty()) {
      throw ApiException.notFoundPath();
    }
    switch (info.subresource()) {
      case "scale" -> scale(request, store, namespace, info.name(), body, media);
      case "binding" -> bind(request, store, namespace, info.name(), body, media);
      case "finalize" -> finalizeNamespace(request, store, info.name(), body, media);
      default -> throw ApiException.notFoundPath();
    }
  }

  // ---------------------------------------------------------------- scale

  private void scale(
      HttpServerRequest request,
      ResourceStore store,
      String namespace,
      String name,
      byte[] body,
      MediaTypes media) {
    HttpMethod method = request.method();
    WriteOptions options =
        new WriteOptions(
            request.params().contains("dryRun"),
            FieldManagers.of(
                request.params().get("fieldManager"), request.getHeader("User-Agent")));
    if (method == HttpMethod.GET) {
      CachedObject object =
          store.reader().get(namespace, name, request.params().get("resourceVersion"));
      Responses.send(
          request.response(),
          200,
          media,
          Json.write(toScale(store.type(), Json.readStored(object.json()))));
      return;
    }
    Written written;
    if (method == HttpMethod.PUT) {
      ObjectNode scale = MediaTypes.readObject(body, request.getHeader("Content-Type"), true);
      checkScaleName(scale, name);
      int replicas = replicas(scale);
      String precondition = scale.path("metadata").path("resourceVersion").asText("");
      written =
          store.patch(
              namespace,
              name,
              "scale",
              o -> withReplicas(store.type(), o, replicas),
              precondition,
              options);
    } else if (method == HttpMethod.PATCH) {
      String contentType = request.getHeader("Content-Type");
      written =
          store.patch(
              namespace,
              name,
              "scale",
              o -> {
                ObjectNode patched =
                    Patches.applyTo(
                        toScale(store.type(), o),
                        io.fabric8.kubernetes.api.model.autoscaling.v1.Scale.class,
                        contentType,
                        body);
                return withReplicas(store.type(), o, replicas(patched));
              },
              null,
              options);
    } else {
      throw ApiException.methodNotAllowed();
    }
    Responses.send(
        request.response(), 200, media, Json.write(toScale(store.type(), written.object())));
  }

  private static ObjectNode withReplicas(ResourceType type, ObjectNode object, int replicas) {
    JsonPaths.set(
        object, type.scale().specReplicasPath(), Json.MAPPER.getNodeFactory().numberNode(replicas));
    return object;
  }

  private static int replicas(ObjectNode scale) {
    JsonNode replicas = scale.path("spec").path("replicas");
    if (replicas.isMissingNode() || replicas.isNull()) {
      return 0;
    }
    if (!replicas.canConvertToInt() || replicas.asInt() < 0) {
      throw ApiException.invalid(
          "Scale",
          "autoscaling",
          scale.path("metadata").path("name").asText(""),
          List.of(
              FieldError.invalid(
                  "spec.replicas", replicas.asText(), "must be greater than or equal to 0")));
    }
    return replicas.asInt();
  }

  private static void checkScaleName(ObjectNode scale, String name) {
    String given = scale.path("metadata").path("name").asText("");
    if (!given.isEmpty() && !given.equals(name)) {
      throw ApiException.badRequest(
          "the name of the object ("
              + given
              + ") does not match the name on the URL ("
              + name
              + ")");
    }
  }

  /** The autoscaling/v1 Scale view of an object, read through its resource's scale paths. */
  static ObjectNode toScale(ResourceType type, ObjectNode object) {
    ResourceType.ScalePaths paths = type.scale();
    ObjectNode scale = Json.MAPPER.createObjectNode();
    scale.put("kind", "Scale");
    scale.put("apiVersion", "autoscaling/v1");
    ObjectNode meta = scale.putObject("metadata");
    JsonNode source = object.path("metadata");
    for (String field :
        List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      if (source.hasNonNull(field)) {
        meta.set(field, source.get(field));
      }
    }
    scale
        .putObject("spec")
        .put("replicas", JsonPaths.get(object, paths.specReplicasPath()).asInt(0));
    ObjectNode status = scale.putObject("status");
    status.put("replicas", JsonPaths.get(object, paths.statusReplicasPath()).asInt(0));
    String selector =
        paths.labelSelectorPath() == null
            ? Selection.selectorString(object.path("spec").path("selector"))
            : JsonPaths.get(object, paths.labelSelectorPath()).asText("");
    if (!selector.isEmpty()) {
      status.put("selector", selector);
    }
    return scale;
  }

  // ---------------------------------------------------------------- pods/binding

  private void bind(
      HttpServerRequest request,
      ResourceStore store,
      String namespace,
      String name,
      byte[] body,
      MediaTypes media) {
    if (request.method() != HttpMethod.POST) {
      throw ApiException.methodNotAllowed();
    }
    ObjectNode binding = MediaTypes.readObject(body, request.getHeader("Content-Type"), true);
    String bindingName = binding.path("metadata").path("name").asText("");
    if (!bindingName.isEmpty() && !bindingName.equals(name)) {
      throw ApiException.badRequest(
          "the name of the object ("
              + bindingName
              + ") does not match the name on the URL ("
              + name
              + ")");
    }
    JsonNode target = binding.path("target");
    String node = target.path("name").asText("");
    String kind = target.path("kind").asText("Node");
    if (node.isEmpty() || !(kind.isEmpty() || kind.equals("Node"))) {
      throw ApiException.invalid(
          "Binding",
          "",
          name,
          List.of(
              node.isEmpty()
                  ? FieldError.required("target.name", "")
                  : FieldError.notSupported("target.kind", kind, List.of("Node"))));
    }
    String uid = binding.path("metadata").path("uid").asText("");
    WriteOptions options = new WriteOptions(request.params().contains("dryRun"), "");
    store.patch(
        namespace,
        name,
        "binding",
        pod -> {
          if (!uid.isEmpty() && !uid.equals(pod.path("metadata").path("uid").asText())) {
            throw ApiException.conflict(
                GroupResource.core("pods/binding"),
                name,
                "Precondition failed: UID in precondition: "
                    + uid
                    + ", UID in object meta: "
                    + pod.path("metadata").path("uid").asText());
          }
          String assigned = pod.path("spec").path("nodeName").asText("");
          if (!assigned.isEmpty()) {
            throw ApiException.conflict(
                GroupResource.core("pods/binding"),
                name,
                "pod " + name + " is already assigned to node \"" + assigned + "\"");
          }
          if (!pod.path("metadata").path("deletionTimestamp").asText("").isEmpty()) {
            throw ApiException.conflict(
                GroupResource.core("pods/binding"),
                name,
                "pod " + name + " is being deleted, cannot be assigned to a host");
          }
          ((ObjectNode) pod.withObject("spec")).put("nodeName", node);
          markScheduled(pod);
          return pod;
        },
        null,
        options);
    ObjectNode status = Json.MAPPER.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success");
    status.put("code", 201);
    Responses.send(request.response(), 201, media, Json.write(status));
  }

  private void markScheduled(ObjectNode pod) {
    ObjectNode status = pod.withObject("status");
    ArrayNode conditions = status.withArray("conditions");
    for (JsonNode condition : conditions) {
      if ("PodScheduled".equals(condition.path("type").asText())) {
        ((ObjectNode) condition).put("status", "True");
        return;
      }
    }
    ObjectNode scheduled = conditions.addObject();
    scheduled.put("type", "PodScheduled");
    scheduled.put("status", "True");
    scheduled.putNull("lastProbeTime");
    scheduled.put(
        "lastTransitionTime",
        java.time.format.DateTimeFormatter.ISO_INSTANT.format(
            clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
  }

  // ---------------------------------------------------------------- namespaces/finalize

  private void finalizeNamespace(
      HttpServerRequest request, ResourceStore store, String name, byte[] body, MediaTypes media) {
    if (request.method() != HttpMethod.PUT) {
      throw ApiException.methodNotAllowed();
    }
    ObjectNode namespace = MediaTypes.readObject(body, request.getHeader("Content-Type"), true);
    JsonNode finalizers = namespace.path("spec").path("finalizers");
    String precondition = namespace.path("metadata").path("resourceVersion").asText("");
    WriteOptions options =
        new WriteOptions(
            request.params().contains("dryRun"),
            FieldManagers.of(
                request.params().get("fieldManager"), request.getHeader("User-Agent")));
    Written written =
        store.patch(
            "",
            name,
            "finalize",
            ns -> {
              ObjectNode spec = ns.withObject("spec");
              if (finalizers.isArray()) {
                spec.set("finalizers", finalizers);
              } else {
                spec.remove("finalizers");
              }
              return ns;
            },
            precondition,
            options);
    Responses.send(request.response(), 200, media, Json.write(written.object()));
  }
}
