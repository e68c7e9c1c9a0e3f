package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
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
  private final List<PathElement> path = new ArrayList<>();
  private final FieldSet out = new FieldSet();

  private FieldSetWalker(List<String> errors) {
    this.errors = errors;
  }

  /** The fields {@code value} sets, ignoring what the schema does not know. */
  static FieldSet of(JsonNode value, Schema schema) {
    FieldSetWalker walker = new FieldSetWalker(null);
    walker.walk(value, schema);
    return walker.out;
  }

  /**
   * The fields {@code value} sets; schema violations are added to {@code errors} as {@code <path>:
   * <message>}.
   */
  static FieldSet strict(JsonNode value, Schema schema, List<String> errors) {
    FieldSetWalker walker = new FieldSetWalker(errors);
    walker.walk(value, schema);
    return walker.out;
  }

  private void walk(JsonNode value, Schema schema) {
    boolean strict = errors != null;
    switch (schema.kind()) {
      case SCALAR -> out.insert(path);
      case STRUCT, MAP, UNTYPED -> {
        if (schema.kind() == Schema.Kind.UNTYPED && !value.isObject()) {
          out.insert(path);
        } else if (schema.atomic()) {
          out.insert(path);
        } else if (value.isObject()) {
          walkMap(value, schema, strict);
        } else if (!value.isNull()) {
          fail(strict, "expected map, got " + Values.goString(value));
        }
      }
      case LIST -> {
        if (schema.listType() == Schema.ListType.ATOMIC) {
          out.insert(path);
        } else if (value.isArray()) {
          walkList(value, schema, strict);
        } else if (!value.isNull()) {
          fail(strict, "expected list, got " + Values.goString(value));
        }
      }
    }
  }

  private void fail(boolean strict, String message) {
    if (strict) {
      error(message);
    } else {
      out.insert(path);
    }
  }

  private void walkMap(JsonNode value, Schema schema, boolean strict) {
    for (Map.Entry<String, JsonNode> e : value.properties()) {
      String name = e.getKey();
      Schema field = schema.field(name);
      path.add(new PathElement.Field(name));
      if (field == null) {
        if (strict) {
          error("field not declared in schema");
          path.remove(path.size() - 1);
          continue;
        }
        field = Schema.UNTYPED;
      }
      walk(e.getValue(), field);
      if (!schema.declares(name)) {
        out.insert(path);
      }
      path.remove(path.size() - 1);
    }
  }

  private void walkList(JsonNode value, Schema schema, boolean strict) {
    Set<PathElement> seen = new HashSet<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      PathElement element;
      try {
        element = ListItems.element(schema, i, item);
      } catch (ListItems.Unnamed e) {
        if (strict) {
          error("element " + i + ": " + e.getMessage());
          continue;
        }
        element = new PathElement.Index(i);
      }
      if (!seen.add(element) && strict) {
        error("duplicate entries for key " + element);
      }
      path.add(element);
      walk(item, schema.items());
      out.insert(path);
      path.remove(path.size() - 1);
    }
  }

  private void error(String message) {
    String at = PathElement.toString(path);
    errors.add(at.isEmpty() ? message : at + ": " + message);
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
