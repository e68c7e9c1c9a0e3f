package io.kubeloop.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.FieldError;
import io.kubeloop.apiserver.patch.JsonPatch;
import io.kubeloop.apiserver.patch.MergePatch;
import io.kubeloop.apiserver.patch.PatchType;
import io.kubeloop.apiserver.patch.StrategicMergePatch;
import io.kubeloop.apiserver.registry.ResourceStore;
import io.kubeloop.apiserver.registry.WriteOptions;
import io.kubeloop.apiserver.registry.Written;
import io.kubeloop.apiserver.resource.ResourceType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * PATCH requests: picks the patch type from the Content-Type and applies it to the object;
 * server-side apply ({@code application/apply-patch+yaml}) goes to the store's field management.
 */
final class Patches {

  /** The patch types of built-in resources. */
  static final Set<PatchType> SUPPORTED = PatchType.BUILT_IN;

  /** What views that are not stored as such (Scale) accept: no server-side apply. */
  static final Set<PatchType> NOT_APPLIED =
      EnumSet.of(PatchType.JSON_PATCH, PatchType.MERGE_PATCH, PatchType.STRATEGIC_MERGE_PATCH);

  /** A patch's outcome and the field validation warnings for the response. */
  record Outcome(Written written, List<String> warnings) {}

  private Patches() {}

  /**
   * Patches a stored object; the patched object then goes through field validation in {@code
   * fieldValidation} mode (unknown fields dropped, reported or rejected) like a PUT body. An apply
   * patch is merged by field ownership instead, and creates the object if there is none.
   *
   * @param fieldManagerParam the {@code fieldManager} query parameter, required for apply
   * @param forceParam the {@code force} query parameter, for apply only
   * @param options the write options, with the field manager defaulted from the User-Agent
   */
  static Outcome apply(
      ResourceStore store,
      VersionConverter versions,
      String namespace,
      String name,
      String subresource,
      String contentType,
      byte[] body,
      String fieldValidation,
      String fieldManagerParam,
      String forceParam,
      WriteOptions options) {
    ResourceType resource = store.type();
    PatchType type =
        PatchType.fromContentType(
            contentType, resource.javaType() == null ? PatchType.CUSTOM_RESOURCE : SUPPORTED);
    Boolean force = parseBool(forceParam);
    if (type == PatchType.APPLY_YAML) {
      if (fieldManagerParam == null || fieldManagerParam.isEmpty()) {
        throw FieldManagers.invalidOptions(
            "PatchOptions",
            List.of(FieldError.required("fieldManager", "is required for apply patch")));
      }
      return applyConfiguration(
          store, versions, namespace, name, subresource, body, Boolean.TRUE.equals(force), options);
    }
    if (force != null) {
      throw FieldManagers.invalidOptions(
          "PatchOptions",
          List.of(FieldError.forbidden("force", "may not be specified for non-apply patch")));
    }
    JsonNode patch = parse(body);
    String precondition = precondition(type, patch);
    AtomicReference<List<String>> warnings = new AtomicReference<>(List.of());
    Written written =
        store.patch(
            namespace,
            name,
            subresource,
            object -> {
              // the patch is written against the requested version of the object
              ObjectNode patched =
                  applyParsed(type, versions.out(object), patch, resource.javaType());
              warnings.set(FieldValidation.check(store, patched, fieldValidation));
              return versions.in(patched);
            },
            precondition,
            options);
    return new Outcome(written, warnings.get());
  }

  /**
   * Server-side apply: the body is a YAML (or JSON) configuration of the object, in the version the
   * request names.
   */
  private static Outcome applyConfiguration(
      ResourceStore store,
      VersionConverter versions,
      String namespace,
      String name,
      String subresource,
      byte[] body,
      boolean force,
      WriteOptions options) {
    ObjectNode config;
    try {
      config = Json.readObject(body, true);
    } catch (ApiException e) {
      throw ApiException.badRequest("error decoding YAML: " + e.getMessage());
    }
    ResourceType requested = versions.requested();
    String apiVersion = config.path("apiVersion").asText("");
    String kind = config.path("kind").asText("");
    if (!apiVersion.equals(requested.apiVersion()) || !kind.equals(requested.kind())) {
      throw ApiException.badRequest("invalid object type: " + groupVersionKind(apiVersion, kind));
    }
    Written written =
        store.apply(namespace, name, subresource, versions.in(config), force, options);
    return new Outcome(written, List.of());
  }

  /** Go's {@code GroupVersionKind.String()}: {@code apps/v1, Kind=Deployment}, {@code /v1, ...}. */
  static String groupVersionKind(String apiVersion, String kind) {
    String group = "";
    String version = apiVersion;
    int slash = apiVersion.indexOf('/');
    if (slash >= 0) {
      boolean valid = apiVersion.indexOf('/', slash + 1) < 0;
      group = valid ? apiVersion.substring(0, slash) : "";
      version = valid ? apiVersion.substring(slash + 1) : "";
    }
    return group + "/" + version + ", Kind=" + kind;
  }

  /**
   * A boolean query parameter as kube decodes one: absent is null, {@code 0} and {@code false} (any
   * case) are false, anything else true.
   */
  static Boolean parseBool(String value) {
    if (value == null) {
      return null;
    }
    return !(value.equals("0") || value.equalsIgnoreCase("false"));
  }

  /** Applies a patch body to a document that is not stored as such (e.g. a Scale view). */
  static ObjectNode applyTo(
      ObjectNode document, Class<?> javaType, String contentType, byte[] body) {
    PatchType type = PatchType.fromContentType(contentType, NOT_APPLIED);
    return applyParsed(type, document, parse(body), javaType);
  }

  private static JsonNode parse(byte[] body) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest("the request body is empty");
    }
    return Json.readTree(body, false);
  }

  private static ObjectNode applyParsed(
      PatchType type, ObjectNode object, JsonNode patch, Class<?> javaType) {
    JsonNode result =
        switch (type) {
          case JSON_PATCH -> JsonPatch.apply(object, patch);
          case MERGE_PATCH -> MergePatch.apply(object, patch);
          case STRATEGIC_MERGE_PATCH -> StrategicMergePatch.apply(object, patch, javaType);
          case APPLY_YAML ->
              throw new IllegalStateException("apply patches are merged by the store");
        };
    if (!(result instanceof ObjectNode patched)) {
      throw ApiException.badRequest("the patched object is not a JSON object");
    }
    return patched;
  }

  /**
   * The resourceVersion a patch pins the object to, or null: a merge patch that sets
   * metadata.resourceVersion, or a JSON patch that tests, adds or replaces it.
   */
  static String precondition(PatchType type, JsonNode patch) {
    if (type == PatchType.MERGE_PATCH || type == PatchType.STRATEGIC_MERGE_PATCH) {
      JsonNode rv = patch.path("metadata").path("resourceVersion");
      return rv.isTextual() ? rv.asText() : null;
    }
    if (type == PatchType.JSON_PATCH && patch.isArray()) {
      for (JsonNode op : patch) {
        if ("/metadata/resourceVersion".equals(op.path("path").asText())
            && op.path("value").isTextual()
            && Set.of("test", "replace", "add").contains(op.path("op").asText())) {
          return op.path("value").asText();
        }
      }
    }
    return null;
  }
}
