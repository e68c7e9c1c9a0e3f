package io.kubeloop.apiserver.apply;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kubeloop.apiserver.crd.schema.SchemaView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Schemas of custom resources, read from the CRD's structural schema: {@code type: object} with
 * properties is a struct, with {@code additionalProperties} a map ({@code x-kubernetes-map-type:
 * atomic} makes either atomic), {@code type: array} a list of {@code x-kubernetes-list-type}
 * (atomic when unset, set, or map keyed by {@code x-kubernetes-list-map-keys}). Unknown fields are
 * untyped where {@code x-kubernetes-preserve-unknown-fields} keeps them. At the top, {@code
 * apiVersion} and {@code kind} are strings and {@code metadata} is the built-in ObjectMeta, as
 * kube's CRD type converter has them.
 *
 * <p>Nodes are wrapped lazily and cached per wrapper; immutable and thread-safe.
 */
final class CustomResourceSchemas {

  private static final Schema OBJECT_META = BuiltinSchemas.forClass(ObjectMeta.class);
  private static final Map<String, PathElement.Field> META_ELEMENTS =
      Map.of(
          "apiVersion", new PathElement.Field("apiVersion"),
          "kind", new PathElement.Field("kind"),
          "metadata", new PathElement.Field("metadata"));

  private CustomResourceSchemas() {}

  /** The schema of a custom resource whose version has {@code schema}, or none (null). */
  static Schema root(SchemaView schema) {
    Schema body = schema == null ? new PreservingRoot() : new Node(schema);
    return new Root(body);
  }

  /** The top level: TypeMeta and ObjectMeta, then the CRD's own properties. */
  private record Root(Schema body) implements Schema {
    @Override
    public Kind kind() {
      return Kind.STRUCT;
    }

    @Override
    public boolean declares(String name) {
      return isMeta(name) || body.declares(name);
    }

    @Override
    public PathElement.Field element(String name) {
      return isMeta(name) ? META_ELEMENTS.get(name) : body.element(name);
    }

    @Override
    public Schema field(String name) {
      return switch (name) {
        case "apiVersion", "kind" -> Schema.SCALAR;
        case "metadata" -> OBJECT_META;
        default -> body.field(name);
      };
    }

    private static boolean isMeta(String name) {
      return name.equals("apiVersion") || name.equals("kind") || name.equals("metadata");
    }
  }

  /** A version without a schema keeps anything. */
  private static final class PreservingRoot implements Schema {
    @Override
    public Kind kind() {
      return Kind.STRUCT;
    }

    @Override
    public Schema field(String name) {
      return Schema.UNTYPED;
    }
  }

  /** One node of the structural schema. */
  private static final class Node implements Schema {

    private final SchemaView view;
    private final Kind kind;
    private final Map<String, Schema> children = new ConcurrentHashMap<>();
    private final Map<String, PathElement.Field> elements = new ConcurrentHashMap<>();
    private volatile Schema items;

    Node(SchemaView view) {
      this.view = view;
      this.kind = kindOf(view);
    }

    private static Kind kindOf(SchemaView view) {
      if (view.intOrString()) {
        return Kind.SCALAR;
      }
      Optional<String> type = view.type();
      if (type.isEmpty()) {
        return view.preserveUnknownFields() && view.propertyNames().isEmpty()
            ? Kind.UNTYPED
            : Kind.STRUCT;
      }
      return switch (type.get()) {
        case "object" ->
            view.additionalProperties().isPresent() && view.propertyNames().isEmpty()
                ? Kind.MAP
                : Kind.STRUCT;
        case "array" -> Kind.LIST;
        default -> Kind.SCALAR;
      };
    }

    @Override
    public Kind kind() {
      return kind;
    }

    @Override
    public boolean atomic() {
      return view.mapType().map("atomic"::equals).orElse(false);
    }

    @Override
    public boolean declares(String name) {
      return kind == Kind.STRUCT && view.propertyNames().contains(name);
    }

    @Override
    public PathElement.Field element(String name) {
      if (!declares(name)) {
        return new PathElement.Field(name); // free keys are not worth keeping
      }
      return elements.computeIfAbsent(name, PathElement.Field::new);
    }

    @Override
    public Schema field(String name) {
      Schema cached = children.get(name);
      if (cached != null) {
        return cached;
      }
      Optional<SchemaView> child = view.property(name).or(() -> view.additionalProperties());
      Schema schema;
      if (child.isPresent()) {
        schema = new Node(child.get());
      } else if (view.preserveUnknownFields() || kind == Kind.UNTYPED) {
        schema = Schema.UNTYPED;
      } else if (view.embeddedResource() && isTypeMeta(name)) {
        schema = name.equals("metadata") ? OBJECT_META : Schema.SCALAR;
      } else {
        return null;
      }
      children.putIfAbsent(name, schema);
      return schema;
    }

    private static boolean isTypeMeta(String name) {
      return name.equals("apiVersion") || name.equals("kind") || name.equals("metadata");
    }

    @Override
    public Schema items() {
      Schema result = items;
      if (result == null) {
        result = view.items().<Schema>map(Node::new).orElse(Schema.UNTYPED);
        items = result;
      }
      return result;
    }

    @Override
    public ListType listType() {
      return switch (view.listType().orElse("atomic")) {
        case "set" -> ListType.SET;
        case "map" -> ListType.MAP;
        default -> ListType.ATOMIC;
      };
    }

    @Override
    public List<String> keys() {
      return view.listMapKeys();
    }

    @Override
    public boolean nullable() {
      return view.nullable();
    }
  }
}
