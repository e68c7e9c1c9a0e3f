package io.kubeloop.apiserver.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.zjsonpatch.CompatibilityFlags;
import io.fabric8.zjsonpatch.JsonPointer;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.FieldError;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;

/**
 * RFC 6902 JSON patch ({@code application/json-patch+json}) applied with zjsonpatch, set up to
 * behave like the library kube-apiserver uses ({@code evanphx/json-patch} v4) and failing with
 * kube-apiserver's statuses:
 *
 * <ul>
 *   <li>a body that is not JSON, or not an array of objects: 400 BadRequest with Go's {@code
 *       encoding/json} message, e.g. {@code json: cannot unmarshal object into Go value of type
 *       jsonpatch.Patch}; a {@code null} body is an empty patch;
 *   <li>more than {@value #MAX_OPERATIONS} operations: 413 RequestEntityTooLarge;
 *   <li>any operation that cannot be applied (failed {@code test}, missing path, unknown {@code
 *       op}, {@code copy}s adding up to more than {@value #MAX_COPY_BYTES} bytes): 422 Invalid with
 *       the generic message {@code the server rejected our request due to an error in our request}
 *       &mdash; kube sends no detail either.
 * </ul>
 *
 * <p>As in kube, {@code replace} of a missing object member adds it, {@code remove} of a missing
 * member fails, and a missing {@code value} means {@code null}. Known differences from kube:
 * negative array indices ({@code /-1}) and indices with leading zeros are rejected, and {@code
 * test} of a missing member against {@code null} fails.
 *
 * <p>Stateless and thread-safe; never modifies its arguments.
 */
public final class JsonPatch {

  /** kube-apiserver's {@code maxJSONPatchOperations}. */
  public static final int MAX_OPERATIONS = 10000;

  /**
   * kube-apiserver's {@code JSONPatchMaxCopyBytes}: what {@code copy} operations may add, 3 MiB.
   */
  public static final long MAX_COPY_BYTES = 3L * 1024 * 1024;

  /**
   * How many nodes the patch may copy in total. zjsonpatch copies the document once per call and a
   * patch with {@code copy} operations is applied in one call per {@code copy}, so this bounds the
   * work a hostile patch of many small copies over a large object can cause.
   */
  static final long MAX_COPIED_NODES = 64L * 1024 * 1024;

  static final String REJECTED = "the server rejected our request due to an error in our request";

  private static final EnumSet<CompatibilityFlags> KUBE_COMPATIBLE =
      EnumSet.of(
          CompatibilityFlags.MISSING_VALUES_AS_NULLS,
          CompatibilityFlags.ALLOW_MISSING_TARGET_OBJECT_ON_REPLACE,
          CompatibilityFlags.FORBID_REMOVE_MISSING_OBJECT);

  private JsonPatch() {}

  /**
   * Applies a JSON patch to a document.
   *
   * @param document the current object as JSON; not modified
   * @param patch the request body
   * @return the patched document, a new tree
   * @throws ApiException 400, 413 or 422 as described in the class comment
   */
  public static JsonNode apply(JsonNode document, byte[] patch) {
    String syntaxError = GoJsonSyntax.check(patch);
    if (syntaxError != null) {
      throw ApiException.badRequest(syntaxError);
    }
    JsonNode operations;
    try {
      operations = JsonTrees.parse(patch);
    } catch (IOException e) {
      // What Go accepts but Jackson does not, such as a number of more than 1000 digits.
      throw ApiException.badRequest(
          e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage());
    }
    return apply(document, operations);
  }

  /** {@link #apply(JsonNode, byte[])} for a patch already parsed; the patch is not modified. */
  public static JsonNode apply(JsonNode document, JsonNode patch) {
    if (patch == null || patch.isNull()) {
      return JsonTrees.deepCopy(document);
    }
    if (!patch.isArray()) {
      throw ApiException.badRequest(unmarshalError(patch, "jsonpatch.Patch"));
    }
    for (JsonNode op : patch) {
      if (!op.isObject() && !op.isNull()) {
        throw ApiException.badRequest(unmarshalError(op, "jsonpatch.Operation"));
      }
    }
    if (patch.size() > MAX_OPERATIONS) {
      throw ApiException.requestEntityTooLarge(
          "Request entity too large: The allowed maximum operations in a JSON patch is "
              + MAX_OPERATIONS
              + ", got "
              + patch.size());
    }
    for (JsonNode op : patch) {
      if (!appliesLikeKube(op)) {
        throw rejected();
      }
    }
    JsonNode result;
    try {
      result = applyWithCopyLimit(document, (ArrayNode) patch);
    } catch (ApiException e) {
      throw e;
    } catch (StackOverflowError e) {
      // Only a document or value nested thousands of levels deep gets here.
      throw ApiException.badRequest("the object or the patch is nested too deeply to patch");
    } catch (RuntimeException e) {
      // zjsonpatch reports every failed operation as an exception; kube sends no detail either.
      throw rejected();
    }
    if (JsonTrees.depth(result) > GoJsonSyntax.MAX_DEPTH) {
      throw ApiException.invalid(
          "",
          "",
          "",
          List.of(
              new FieldError(
                  FieldError.Type.INVALID,
                  "patch",
                  "(the patched object)",
                  "nested deeper than " + GoJsonSyntax.MAX_DEPTH + " levels")));
    }
    return result;
  }

  /**
   * Applies the operations, in one zjsonpatch call per run of operations that starts at a {@code
   * copy}, so the size each {@code copy} adds is measured on the document it copies from.
   */
  private static JsonNode applyWithCopyLimit(JsonNode document, ArrayNode patch) {
    boolean copies = false;
    for (JsonNode op : patch) {
      copies |= isCopy(op);
    }
    if (!copies) {
      ArrayNode ops = JsonTrees.MAPPER.createArrayNode();
      patch.forEach(op -> ops.add(withZjsonpatchPointers(op)));
      return io.fabric8.zjsonpatch.JsonPatch.apply(ops, document, KUBE_COMPATIBLE);
    }
    JsonNode current = document;
    long copiedBytes = 0;
    long copiedNodes = 0;
    ArrayNode batch = JsonTrees.MAPPER.createArrayNode();
    for (JsonNode given : patch) {
      JsonNode op = withZjsonpatchPointers(given);
      if (isCopy(op) && !batch.isEmpty()) {
        copiedNodes += JsonTrees.nodeCount(current);
        current = run(batch, current, copiedNodes);
        batch = JsonTrees.MAPPER.createArrayNode();
      }
      if (isCopy(op)) {
        copiedBytes += sizeOf(current, op.path("from").asText());
        if (copiedBytes > MAX_COPY_BYTES) {
          throw rejected();
        }
      }
      batch.add(op);
    }
    copiedNodes += JsonTrees.nodeCount(current);
    return run(batch, current, copiedNodes);
  }

  private static JsonNode run(ArrayNode batch, JsonNode document, long copiedNodes) {
    if (copiedNodes > MAX_COPIED_NODES) {
      throw rejected();
    }
    return io.fabric8.zjsonpatch.JsonPatch.apply(batch, document, KUBE_COMPATIBLE);
  }

  /**
   * zjsonpatch decodes {@code ~0} and {@code ~1} twice (once when parsing the pointer, again when
   * reading a member name), so {@code /~01} reaches the member {@code /} instead of {@code ~1}.
   * Member names with a {@code ~} are therefore re-encoded so that the second decoding yields them.
   * The result must only be given to zjsonpatch.
   */
  static JsonNode withZjsonpatchPointers(JsonNode op) {
    if (!op.isObject() || (!hasTilde(op.get("path")) && !hasTilde(op.get("from")))) {
      return op;
    }
    ObjectNode copy = ((ObjectNode) op).deepCopy();
    for (String field : new String[] {"path", "from"}) {
      if (hasTilde(op.get(field))) {
        copy.put(field, zjsonpatchPointer(op.get(field).textValue()));
      }
    }
    return copy;
  }

  private static boolean hasTilde(JsonNode pointer) {
    return pointer != null && pointer.isTextual() && pointer.textValue().indexOf('~') >= 0;
  }

  /**
   * Re-encodes a JSON pointer for zjsonpatch: each token is decoded as evanphx/json-patch does
   * ({@code ~1} to {@code /}, {@code ~0} to {@code ~}, in one pass; other escapes kept), then
   * written so that decoding it twice gives the same member name.
   */
  static String zjsonpatchPointer(String pointer) {
    String[] tokens = pointer.split("/", -1);
    StringBuilder sb = new StringBuilder(pointer.length() + 8);
    for (int t = 0; t < tokens.length; t++) {
      if (t > 0) {
        sb.append('/');
      }
      String name = decodeToken(tokens[t]);
      sb.append(name.replace("~", "~00").replace("/", "~1"));
    }
    return sb.toString();
  }

  private static String decodeToken(String token) {
    StringBuilder sb = new StringBuilder(token.length());
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '~'
          && i + 1 < token.length()
          && (token.charAt(i + 1) == '0' || token.charAt(i + 1) == '1')) {
        sb.append(token.charAt(i + 1) == '0' ? '~' : '/');
        i++;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean isCopy(JsonNode op) {
    return op.isObject() && "copy".equals(op.path("op").textValue());
  }

  /**
   * The compact size of the value at {@code from}, or 0 when there is none (the copy will fail).
   */
  private static long sizeOf(JsonNode document, String from) {
    try {
      return JsonTrees.serializedSize(JsonPointer.parse(from).evaluate(document));
    } catch (Exception e) {
      return 0;
    }
  }

  /**
   * Rejects what evanphx/json-patch refuses but zjsonpatch would do: adding, moving or copying to
   * the document root, copying the root, and replacing the root with a scalar.
   */
  private static boolean appliesLikeKube(JsonNode op) {
    if (!op.isObject()) {
      return false; // a null operation has kind "unknown"
    }
    String kind = op.path("op").textValue();
    JsonNode path = op.get("path");
    boolean rootPath = path != null && path.isTextual() && path.textValue().isEmpty();
    if (kind == null) {
      return false;
    }
    return switch (kind) {
      case "add", "move" -> !rootPath;
      case "copy" -> !rootPath && !"".equals(op.path("from").textValue());
      case "replace" -> !rootPath || op.path("value").isContainerNode();
      default -> true;
    };
  }

  private static ApiException rejected() {
    return ApiException.of(422, "Invalid", REJECTED, new StatusDetails());
  }

  private static String unmarshalError(JsonNode node, String goType) {
    return "json: cannot unmarshal " + JsonTrees.goKind(node) + " into Go value of type " + goType;
  }
}
