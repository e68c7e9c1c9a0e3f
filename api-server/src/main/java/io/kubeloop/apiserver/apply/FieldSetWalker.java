package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * structured-merge-diff's {@code ToFieldSet}: the set of fields an object (or an applied
 * configuration) sets. Scalars, atomic lists and atomic maps are leaves; map keys that are not
 * declared struct fields and every list item are members too; declared struct fields are members
 * only through what they hold.
 *
 * <p>In strict mode (applied configurations) fields the schema does not declare and list items that
 * cannot be named are errors, worded as kube words them; otherwise they are tracked as untyped, so
 * that tracking never fails a write. Stateless; thread-safe.
 */
final class FieldSetWalker {

  private final List<String> errors;
  private final FieldSet out = new FieldSet();

  private FieldSetWalker(List<String> errors) {
    this.errors = errors;
  }

  /** The fields {@code value} sets, ignoring what the schema does not know. */
  static FieldSet of(JsonNode value, Schema schema) {
    FieldSetWalker walker = new FieldSetWalker(null);
    walker.walk(value, schema, new FieldSet.Cursor(walker.out));
    return walker.out;
  }

  /**
   * The fields {@code value} sets; schema violations are added to {@code errors} as {@code <path>:
   * <message>}.
   */
  static FieldSet strict(JsonNode value, Schema schema, List<String> errors) {
    FieldSetWalker walker = new FieldSetWalker(errors);
    walker.walk(value, schema, new FieldSet.Cursor(walker.out));
    return walker.out;
  }

  private void walk(JsonNode value, Schema schema, FieldSet.Cursor at) {
    boolean strict = errors != null;
    switch (schema.kind()) {
      case SCALAR -> at.insert(0);
      case STRUCT, MAP, UNTYPED -> {
        if (schema.kind() == Schema.Kind.UNTYPED && !value.isObject()) {
          at.insert(0);
        } else if (schema.atomic()) {
          at.insert(0);
        } else if (value.isObject()) {
          walkMap(value, schema, strict, at);
        } else if (!value.isNull()) {
          fail(strict, "expected map, got " + Values.goString(value), at);
        }
      }
      case LIST -> {
        if (schema.listType() == Schema.ListType.ATOMIC) {
          at.insert(0);
        } else if (value.isArray()) {
          walkList(value, schema, strict, at);
        } else if (!value.isNull()) {
          fail(strict, "expected list, got " + Values.goString(value), at);
        }
      }
    }
  }

  private void fail(boolean strict, String message, FieldSet.Cursor at) {
    if (strict) {
      error(at, message);
    } else {
      at.insert(0);
    }
  }

  private void walkMap(JsonNode value, Schema schema, boolean strict, FieldSet.Cursor at) {
    for (Map.Entry<String, JsonNode> e : value.properties()) {
      String name = e.getKey();
      Schema field = schema.field(name);
      FieldSet.Cursor child = at.child(schema.element(name));
      if (field == null) {
        if (strict) {
          error(child, "field not declared in schema");
          continue;
        }
        field = Schema.UNTYPED;
      }
      walk(e.getValue(), field, child);
      if (!schema.declares(name)) {
        child.insert(0);
      }
    }
  }

  private void walkList(JsonNode value, Schema schema, boolean strict, FieldSet.Cursor at) {
    Set<PathElement> seen = new HashSet<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      PathElement element;
      try {
        element = ListItems.element(schema, i, item);
      } catch (ListItems.Unnamed e) {
        if (strict) {
          error(at, "element " + i + ": " + e.getMessage());
          continue;
        }
        element = new PathElement.Index(i);
      }
      if (!seen.add(element) && strict) {
        error(at, "duplicate entries for key " + element);
      }
      FieldSet.Cursor child = at.child(element);
      walk(item, schema.items(), child);
      child.insert(0);
    }
  }

  private void error(FieldSet.Cursor at, String message) {
    String path = PathElement.toString(at.path());
    errors.add(path.isEmpty() ? message : path + ": " + message);
  }

  /**
   * {@code EnsureNamedFieldsAreMembers}: {@code set} plus, as members, the declared struct fields
   * that have members below them (a set with {@code .spec.replicas} also gets {@code .spec}, but a
   * map key such as {@code .metadata.labels} does not become one).
   */
  static FieldSet withNamedFields(FieldSet set, Schema schema) {
    if (set.children().isEmpty()) {
      return set;
    }
    FieldSet result = new FieldSet();
    set.members().forEach(result::addMember);
    for (Map.Entry<PathElement, FieldSet> e : set.children().entrySet()) {
      PathElement element = e.getKey();
      if (element instanceof PathElement.Field f
          && (schema.kind() == Schema.Kind.STRUCT || schema.kind() == Schema.Kind.MAP)
          && schema.declares(f.name())) {
        result.addMember(element);
      }
      result.addChild(element, withNamedFields(e.getValue(), Shapes.child(schema, element)));
    }
    return result;
  }
}
