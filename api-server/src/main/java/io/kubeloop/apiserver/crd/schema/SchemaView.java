package io.kubeloop.apiserver.crd.schema;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A read-only view of one node of a compiled structural schema, with the {@code x-kubernetes-*}
 * information other parts of the server need (server-side apply's list and map types, printer
 * columns' types). Navigation follows the structural schema only: properties, items and
 * additionalProperties.
 *
 * <p>Immutable and thread-safe.
 */
public final class SchemaView {

  private final SchemaNode node;

  SchemaView(SchemaNode node) {
    this.node = node;
  }

  /** The OpenAPI type, or empty for int-or-string and untyped preserve-unknown-fields nodes. */
  public Optional<String> type() {
    return Optional.ofNullable(node.type);
  }

  /** The {@code format}, as written. */
  public Optional<String> format() {
    return Optional.ofNullable(node.format);
  }

  /** The declared property names, in declaration order. */
  public Set<String> propertyNames() {
    return node.properties.keySet();
  }

  /** The schema of property {@code name}. */
  public Optional<SchemaView> property(String name) {
    SchemaNode p = node.properties.get(name);
    return p == null ? Optional.empty() : Optional.of(new SchemaView(p));
  }

  /** The schema of array items. */
  public Optional<SchemaView> items() {
    return node.items == null ? Optional.empty() : Optional.of(new SchemaView(node.items));
  }

  /** The schema of additionalProperties values. */
  public Optional<SchemaView> additionalProperties() {
    return node.additionalProperties == null
        ? Optional.empty()
        : Optional.of(new SchemaView(node.additionalProperties));
  }

  /** {@code x-kubernetes-list-type}; unset means {@code atomic}. */
  public Optional<String> listType() {
    return Optional.ofNullable(node.listType);
  }

  /** {@code x-kubernetes-list-map-keys}; empty unless the list type is {@code map}. */
  public List<String> listMapKeys() {
    return node.listMapKeys;
  }

  /** {@code x-kubernetes-map-type}; unset means {@code granular}. */
  public Optional<String> mapType() {
    return Optional.ofNullable(node.mapType);
  }

  public boolean preserveUnknownFields() {
    return node.preserveUnknownFields();
  }

  public boolean embeddedResource() {
    return node.embeddedResource;
  }

  public boolean intOrString() {
    return node.intOrString;
  }

  public boolean nullable() {
    return node.nullable;
  }
}
