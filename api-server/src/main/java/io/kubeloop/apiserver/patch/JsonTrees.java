package io.kubeloop.apiserver.patch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * Non-recursive operations on Jackson trees, so that a document nested thousands of levels deep
 * cannot overflow the stack, and the patch parser.
 */
final class JsonTrees {

  /**
   * Parses patch bodies; nesting is limited by {@link GoJsonSyntax} before Jackson sees the bytes,
   * so Jackson's own limit only has to be above it.
   */
  static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder()
                      .maxNestingDepth(GoJsonSyntax.MAX_DEPTH + 1)
                      .build())
              .streamWriteConstraints(
                  StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
              .build());

  private JsonTrees() {}

  /**
   * Parses bytes already accepted by {@link GoJsonSyntax}. Invalid UTF-8 inside strings becomes
   * U+FFFD, as Go's decoder does, instead of failing.
   *
   * @throws IOException for what Go accepts but Jackson refuses (e.g. a number over 1000 digits)
   */
  static JsonNode parse(byte[] json) throws IOException {
    return MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
  }

  /** A deep copy, made without recursion. */
  static JsonNode deepCopy(JsonNode source) {
    if (!source.isContainerNode()) {
      return source.deepCopy();
    }
    JsonNode root = emptyLike(source);
    ArrayDeque<JsonNode[]> work = new ArrayDeque<>();
    work.push(new JsonNode[] {source, root});
    while (!work.isEmpty()) {
      JsonNode[] pair = work.pop();
      JsonNode from = pair[0];
      JsonNode to = pair[1];
      if (from.isObject()) {
        ObjectNode target = (ObjectNode) to;
        for (Map.Entry<String, JsonNode> e : from.properties()) {
          target.set(e.getKey(), copyShallow(e.getValue(), work));
        }
      } else {
        ArrayNode target = (ArrayNode) to;
        for (JsonNode child : from) {
          target.add(copyShallow(child, work));
        }
      }
    }
    return root;
  }

  private static JsonNode copyShallow(JsonNode child, ArrayDeque<JsonNode[]> work) {
    if (!child.isContainerNode()) {
      return child; // value nodes are immutable and can be shared
    }
    JsonNode copy = emptyLike(child);
    work.push(new JsonNode[] {child, copy});
    return copy;
  }

  private static JsonNode emptyLike(JsonNode container) {
    return container.isObject() ? MAPPER.createObjectNode() : MAPPER.createArrayNode();
  }

  /** How deeply containers nest: 0 for a scalar, 1 for {@code {}} or {@code []}. */
  static int depth(JsonNode node) {
    int max = 0;
    ArrayDeque<Object[]> work = new ArrayDeque<>();
    work.push(new Object[] {node, 1});
    while (!work.isEmpty()) {
      Object[] item = work.pop();
      JsonNode n = (JsonNode) item[0];
      int d = (Integer) item[1];
      if (n.isContainerNode()) {
        max = Math.max(max, d);
        for (JsonNode child : n) {
          if (child.isContainerNode()) {
            work.push(new Object[] {child, d + 1});
          }
        }
      }
    }
    return max;
  }

  /** How many nodes the tree has; a measure of what copying it costs. */
  static long nodeCount(JsonNode node) {
    long count = 0;
    ArrayDeque<JsonNode> work = new ArrayDeque<>();
    work.push(node);
    while (!work.isEmpty()) {
      JsonNode n = work.pop();
      count++;
      for (JsonNode child : n) {
        work.push(child);
      }
    }
    return count;
  }

  /** The size of the node serialized as compact JSON, in bytes; computed without recursion. */
  static long serializedSize(JsonNode node) {
    long size = 0;
    ArrayDeque<JsonNode> work = new ArrayDeque<>();
    work.push(node);
    while (!work.isEmpty()) {
      JsonNode n = work.pop();
      if (n.isObject()) {
        size += 2 + Math.max(0, n.size() - 1); // braces and commas
        for (Map.Entry<String, JsonNode> e : n.properties()) {
          size += quotedSize(e.getKey()) + 1; // the key and its colon
          work.push(e.getValue());
        }
      } else if (n.isArray()) {
        size += 2 + Math.max(0, n.size() - 1);
        for (JsonNode child : n) {
          work.push(child);
        }
      } else if (n.isTextual()) {
        size += quotedSize(n.textValue());
      } else if (n.isNull()) {
        size += 4;
      } else {
        size += n.asText().length();
      }
    }
    return size;
  }

  private static long quotedSize(String s) {
    return JsonStringEncoder.getInstance().quoteAsUTF8(s).length + 2L;
  }

  /** Go's name for the JSON type of a node in {@code UnmarshalTypeError} messages. */
  static String goKind(JsonNode node) {
    if (node.isObject()) {
      return "object";
    }
    if (node.isArray()) {
      return "array";
    }
    if (node.isTextual()) {
      return "string";
    }
    if (node.isBoolean()) {
      return "bool";
    }
    return "number";
  }
}
