package io.kubeloop.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.errors.ApiException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 7386 JSON merge patch ({@code application/merge-patch+json}) with the behaviour of the
 * library kube-apiserver uses ({@code evanphx/json-patch} v4 {@code MergePatch}):
 *
 * <ul>
 *   <li>a {@code null} in the patch deletes the key; a patched key that did not exist gets the
 *       patch value with its {@code null}s removed (also from nested arrays);
 *   <li>objects merge recursively, anything else (arrays included) is replaced;
 *   <li>a patch that is an array replaces the whole document; a patch that is {@code null}, a
 *       scalar or not JSON at all is refused with 400 {@code Invalid JSON Patch}.
 * </ul>
 *
 * <p>Implemented without recursion; input nested deeper than 10000 levels is refused as Go's JSON
 * decoder refuses it. Stateless and thread-safe; never modifies its arguments.
 */
public final class MergePatch {

  static final String INVALID_PATCH = "Invalid JSON Patch";

  private MergePatch() {}

  /**
   * Applies a merge patch to a document.
   *
   * @param document the current object as JSON; not modified
   * @param patch the request body
   * @return the patched document, a new tree
   * @throws ApiException 400 BadRequest {@code Invalid JSON Patch} for a patch that is not JSON or
   *     not an object or array
   */
  public static JsonNode apply(JsonNode document, byte[] patch) {
    if (GoJsonSyntax.check(patch) != null) {
      throw ApiException.badRequest(INVALID_PATCH);
    }
    JsonNode parsed;
    try {
      parsed = JsonTrees.parse(patch);
    } catch (IOException e) {
      throw ApiException.badRequest(INVALID_PATCH);
    }
    return merge(document, parsed);
  }

  /** {@link #apply(JsonNode, byte[])} for a patch already parsed; the patch is not modified. */
  public static JsonNode apply(JsonNode document, JsonNode patch) {
    if (JsonTrees.depth(patch) > GoJsonSyntax.MAX_DEPTH) {
      throw ApiException.badRequest(INVALID_PATCH);
    }
    return merge(document, JsonTrees.deepCopy(patch));
  }

  /** Merges a patch tree that this class owns and may take apart. */
  private static JsonNode merge(JsonNode document, JsonNode patch) {
    if (patch.isArray()) {
      return pruneNulls(patch);
    }
    if (!patch.isObject()) {
      throw ApiException.badRequest(INVALID_PATCH);
    }
    if (document == null || !document.isObject()) {
      return pruneNulls(patch);
    }
    ObjectNode result = (ObjectNode) JsonTrees.deepCopy(document);
    ArrayDeque<ObjectNode[]> work = new ArrayDeque<>();
    work.push(new ObjectNode[] {result, (ObjectNode) patch});
    while (!work.isEmpty()) {
      ObjectNode[] pair = work.pop();
      ObjectNode target = pair[0];
      for (Map.Entry<String, JsonNode> e : pair[1].properties()) {
        String key = e.getKey();
        JsonNode value = e.getValue();
        if (value.isNull()) {
          target.remove(key);
          continue;
        }
        JsonNode current = target.get(key);
        if (current == null || current.isNull() || !current.isObject()) {
          target.set(key, pruneNulls(value));
        } else if (value.isObject()) {
          work.push(new ObjectNode[] {(ObjectNode) current, (ObjectNode) value});
        } else {
          // Replacing an object with a non-object keeps the value as given, nulls and all,
          // as the Go library does.
          target.set(key, value);
        }
      }
    }
    return result;
  }

  /**
   * Removes {@code null} members from objects and {@code null} elements from arrays, at every
   * level, in place.
   */
  static JsonNode pruneNulls(JsonNode node) {
    ArrayDeque<JsonNode> work = new ArrayDeque<>();
    work.push(node);
    while (!work.isEmpty()) {
      JsonNode n = work.pop();
      if (n.isObject()) {
        ObjectNode object = (ObjectNode) n;
        List<String> nulls = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
          if (e.getValue().isNull()) {
            nulls.add(e.getKey());
          } else if (e.getValue().isContainerNode()) {
            work.push(e.getValue());
          }
        }
        object.remove(nulls);
      } else if (n.isArray()) {
        ArrayNode array = (ArrayNode) n;
        for (int i = array.size() - 1; i >= 0; i--) {
          JsonNode child = array.get(i);
          if (child.isNull()) {
            array.remove(i);
          } else if (child.isContainerNode()) {
            work.push(child);
          }
        }
      }
    }
    return node;
  }
}
