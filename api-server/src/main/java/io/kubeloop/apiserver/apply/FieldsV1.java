package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The {@code FieldsV1} encoding of a field set, kube's {@code fieldsV1} of a managedFields entry:
 * one JSON object per level whose keys are serialized path elements ({@code f:}, {@code k:}, {@code
 * v:}, {@code i:}); a member without children is {@code {}}, a member with children carries {@code
 * ".": {}} beside them. Keys are written in structured-merge-diff's order, {@code "."} first.
 *
 * <p>Stateless; thread-safe.
 */
final class FieldsV1 {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private FieldsV1() {}

  /** The JSON form of {@code set}. */
  static ObjectNode encode(FieldSet set) {
    ObjectNode out = NODES.objectNode();
    write(set, out);
    return out;
  }

  private static void write(FieldSet set, ObjectNode out) {
    Iterator<PathElement> members = set.sortedMembers().iterator();
    Iterator<Map.Entry<PathElement, FieldSet>> children = set.sortedChildren().iterator();
    PathElement member = members.hasNext() ? members.next() : null;
    Map.Entry<PathElement, FieldSet> child = children.hasNext() ? children.next() : null;
    while (member != null || child != null) {
      int c = member == null ? 1 : child == null ? -1 : member.compareTo(child.getKey());
      if (c < 0) {
        out.putObject(member.serialize());
        member = members.hasNext() ? members.next() : null;
      } else {
        ObjectNode nested = out.putObject(child.getKey().serialize());
        if (c == 0) {
          nested.putObject(".");
          member = members.hasNext() ? members.next() : null;
        }
        write(child.getValue(), nested);
        child = children.hasNext() ? children.next() : null;
      }
    }
  }

  /**
   * Parses a {@code fieldsV1} document. Elements of an unknown kind are dropped, as kube drops
   * them.
   *
   * @throws IllegalArgumentException if it is not a FieldsV1 document
   */
  static FieldSet decode(JsonNode fields) {
    if (fields == null || fields.isNull() || fields.isMissingNode()) {
      return FieldSet.EMPTY;
    }
    if (!fields.isObject()) {
      throw new IllegalArgumentException("fieldsV1 is not a JSON object");
    }
    FieldSet set = new FieldSet();
    read(fields, set);
    return set;
  }

  /** Reads the entries of one level into {@code set}; returns whether it held {@code "."}. */
  private static boolean read(JsonNode level, FieldSet set) {
    boolean self = false;
    for (Map.Entry<String, JsonNode> e : level.properties()) {
      if (e.getKey().equals(".")) {
        self = true;
        continue;
      }
      PathElement element = PathElement.parse(e.getKey());
      if (element == null) {
        continue;
      }
      JsonNode value = e.getValue();
      if (!value.isObject()) {
        throw new IllegalArgumentException("fieldsV1 entry " + e.getKey() + " is not an object");
      }
      if (value.isEmpty()) {
        set.addMember(element);
        continue;
      }
      FieldSet child = new FieldSet();
      if (read(value, child)) {
        set.addMember(element);
      }
      if (!child.isEmpty()) {
        set.addChild(element, child);
      } else if (!set.hasMember(element)) {
        // only unknown element kinds below: kube still counts the element itself as a member
        set.addMember(element);
      }
    }
    return self;
  }
}
