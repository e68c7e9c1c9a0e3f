package io.kubeloop.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.patch.JsonPatch;
import io.kubeloop.apiserver.patch.MergePatch;
import io.kubeloop.apiserver.patch.PatchType;
import io.kubeloop.apiserver.registry.ResourceStore;
import io.kubeloop.apiserver.registry.WriteOptions;
import io.kubeloop.apiserver.registry.Written;
import java.util.EnumSet;
import java.util.Set;

/** PATCH requests: picks the patch type from the Content-Type and applies it to the object. */
final class Patches {

  /** The patch types served so far; strategic merge and apply answer 415 until they exist. */
  static final Set<PatchType> SUPPORTED = EnumSet.of(PatchType.JSON_PATCH, PatchType.MERGE_PATCH);

  private Patches() {}

  static Written apply(
      ResourceStore store,
      String namespace,
      String name,
      String subresource,
      String contentType,
      byte[] body,
      WriteOptions options) {
    PatchType type = PatchType.fromContentType(contentType, SUPPORTED);
    JsonNode patch = parse(type, body);
    String precondition = precondition(type, patch);
    return store.patch(
        namespace,
        name,
        subresource,
        object -> applyParsed(type, object, patch),
        precondition,
        options);
  }

  /** Applies a patch body to a document that is not stored as such (e.g. a Scale view). */
  static ObjectNode applyTo(ObjectNode document, String contentType, byte[] body) {
    PatchType type = PatchType.fromContentType(contentType, SUPPORTED);
    return applyParsed(type, document, parse(type, body));
  }

  private static JsonNode parse(PatchType type, byte[] body) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest("the request body is empty");
    }
    return Json.readTree(body, false);
  }

  private static ObjectNode applyParsed(PatchType type, ObjectNode object, JsonNode patch) {
    JsonNode result =
        switch (type) {
          case JSON_PATCH -> JsonPatch.apply(object, patch);
          case MERGE_PATCH -> MergePatch.apply(object, patch);
          default -> throw new IllegalStateException("unsupported patch type " + type);
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
    if (type == PatchType.MERGE_PATCH) {
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
