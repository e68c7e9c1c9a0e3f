package io.kubeloop.apiserver.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.errors.ApiException;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * Kubernetes strategic merge patch ({@code application/strategic-merge-patch+json}) for built-in
 * types, as kube-apiserver applies it ({@code strategicpatch.StrategicMergeMapPatch} of
 * apimachinery 0.36 with the patch handler's error mapping).
 *
 * <p>Like a JSON merge patch, objects merge recursively and {@code null} deletes a key; but a list
 * whose field has the {@code merge} strategy in kube's types merges too: lists of objects by the
 * field's merge key (containers by {@code name}, ports by {@code containerPort}, ...), lists of
 * scalars ({@code finalizers}) as a union. Other lists are replaced. The patch may carry
 * directives:
 *
 * <ul>
 *   <li>{@code "$patch": "replace"} in an object replaces it, in a merge list replaces the list by
 *       the patch's other elements; {@code "$patch": "delete"} in an object empties it, in a merge
 *       list removes the elements with its merge key value; any other value is an error, and so is
 *       {@code "merge"} in a list;
 *   <li>{@code "$retainKeys": [...]} removes every other key of the object (and the patch may set
 *       no other key);
 *   <li>{@code "$setElementOrder/<list>": [...]} orders the merged list;
 *   <li>{@code "$deleteFromPrimitiveList/<list>": [...]} removes scalars from a merge list.
 * </ul>
 *
 * <p>Errors are {@link ApiException}s with kube's codes and words: a body that is not a JSON object
 * and malformed directives are 400 BadRequest ({@code invalid patch format of retainKeys}); a list
 * of lists 422 Invalid; every other failure — a patch element without its merge key ({@code map:
 * map[image:nginx] does not contain declared merge key: name}), an unknown {@code $patch} value, a
 * field the type does not have where both sides hold an object — 500 with no reason, as kube sends
 * Go errors it does not classify.
 *
 * <p>The result is kube's patched map before it decodes it into the typed object: it may hold
 * {@code null}s and keys the type does not know (e.g. from a {@code $patch: replace}), which
 * decoding and field validation then drop or reject. Known differences from kube: Go iterates maps
 * in random order where this class follows the patch's order (it only matters for which of several
 * errors is reported, or when the same list is both added to and deleted from); where kube's order
 * depends on the spare capacity of its slices, this class assumes none, as for objects the API
 * server converts (see {@code StrategicMergeLists.mergeSlice}); numbers beyond float64 are refused
 * with a message that lacks the number.
 *
 * <p>Stateless and thread-safe; never modifies its arguments.
 */
public final class StrategicMergePatch {

  private static final String MAP_TYPE = "map[string]interface {}";

  private StrategicMergePatch() {}

  /**
   * Applies a strategic merge patch body to a built-in object.
   *
   * @param document the current object as JSON, an object; not modified
   * @param patch the request body
   * @param type the Fabric8 model class of the object (e.g. {@code Deployment.class}), whose fields
   *     and kube's patch strategies steer the merge
   * @return the patched document, a new tree
   * @throws ApiException as described in the class comment
   * @throws IllegalArgumentException if {@code document} is not an object or {@code type} is not a
   *     Fabric8 model class
   */
  public static JsonNode apply(JsonNode document, byte[] patch, Class<?> type) {
    String syntaxError = GoJsonSyntax.check(patch);
    if (syntaxError != null) {
      throw ApiException.badRequest(syntaxError);
    }
    JsonNode parsed;
    try {
      parsed = JsonTrees.parse(patch);
    } catch (IOException e) {
      // What Go accepts but Jackson does not, such as a number of more than 1000 digits.
      throw ApiException.badRequest(
          e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
    }
    return merge(document, parsed, type);
  }

  /**
   * {@link #apply(JsonNode, byte[], Class)} for a patch already parsed; the patch is not modified.
   */
  public static JsonNode apply(JsonNode document, JsonNode patch, Class<?> type) {
    if (JsonTrees.depth(patch) > GoJsonSyntax.MAX_DEPTH) {
      throw ApiException.badRequest(
          "invalid character '" + (patch.isArray() ? '[' : '{') + "' exceeded max depth");
    }
    return merge(document, JsonTrees.deepCopy(patch), type);
  }

  /** Merges a patch tree that this class owns and may take apart. */
  private static JsonNode merge(JsonNode document, JsonNode patch, Class<?> type) {
    if (document == null || !document.isObject()) {
      throw new IllegalArgumentException("the document to patch must be a JSON object");
    }
    if (patch.isNull()) {
      return JsonTrees.deepCopy(document); // Go decodes null into a nil map: nothing to do
    }
    if (!patch.isObject()) {
      throw ApiException.badRequest(
          "json: cannot unmarshal "
              + JsonTrees.goKind(patch)
              + " into Go value of type "
              + MAP_TYPE);
    }
    checkNumbers(patch);
    StrategicMergeSchema schema = StrategicMergeSchema.forResource(type);
    ObjectNode original = (ObjectNode) JsonTrees.deepCopy(document);
    try {
      return StrategicMergeMaps.mergeMap(original, (ObjectNode) patch, schema);
    } catch (GoPanic e) {
      throw StrategicMergeErrors.panicked();
    } catch (StackOverflowError e) {
      // Only objects nested thousands of levels deep on both sides get here.
      throw ApiException.badRequest("the object or the patch is nested too deeply to patch");
    }
  }

  /** Go refuses numbers beyond float64 when it decodes the patch; Jackson made them infinite. */
  private static void checkNumbers(JsonNode patch) {
    ArrayDeque<JsonNode> work = new ArrayDeque<>();
    work.push(patch);
    while (!work.isEmpty()) {
      JsonNode node = work.pop();
      if (node.isContainerNode()) {
        node.forEach(work::push);
      } else if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
        throw ApiException.badRequest(
            "json: cannot unmarshal number into Go value of type float64");
      }
    }
  }
}
