package io.kubeloop.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
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

/** PATCH requests: picks the patch type from the Content-Type and applies it to the object. */
final class Patches {

  /** The patch types of built-in resources; server-side apply answers 415 until it exists. */
  static final Set<PatchType> SUPPORTED =
      EnumSet.of(PatchType.JSON_PATCH, PatchType.MERGE_PATCH, PatchType.STRATEGIC_MERGE_PATCH);

  /** A patch's outcome and the field validation warnings for the response. */
  record Outcome(Written written, List<String> warnings) {}

  private Patches() {}

  /**
   * Patches a stored object; the patched object then goes through field validation in {@code
   * fieldValidation} mode (unknown fields dropped, reported or rejected) like a PUT body.
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
      WriteOptions options) {
    ResourceType resource = store.type();
    PatchType type =
        PatchType.fromContentType(
            contentType, resource.javaType() == null ? PatchType.CUSTOM_RESOURCE : SUPPORTED);
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

  /** Applies a patch body to a document that is not stored as such (e.g. a Scale view). */
  static ObjectNode applyTo(
      ObjectNode document, Class<?> javaType, String contentType, byte[] body) {
    PatchType type = PatchType.fromContentType(contentType, SUPPORTED);
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
          case APPLY_YAML -> throw new IllegalStateException("apply patches are not served");
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
