package io.kubeloop.apiserver.selection;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.apiserver.errors.ApiException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The field selector labels one resource accepts and how to read each from the stored JSON object:
 * the Java form of kube's field-label conversion function ({@code AddFieldLabelConversionFunc})
 * together with the registry strategy's {@code ToSelectableFields}.
 *
 * <p>A label maps to a canonical label (usually itself; e.g. a pod's {@code spec.host} maps to
 * {@code spec.nodeName}, events.k8s.io's {@code regarding.name} to {@code involvedObject.name}),
 * and a canonical label has a reader. A canonical label without a reader reads as {@code ""}, as a
 * field kube accepts but never fills (a pod's {@code status.podIPs}).
 *
 * <p>Immutable and thread-safe.
 */
public final class SelectableFields {

  /** Reads one field's selector value from an object; returns {@code ""} when it is absent. */
  @FunctionalInterface
  public interface FieldReader {
    String read(JsonNode object);
  }

  private static final SelectableFields METADATA_ONLY =
      builder()
          .field("metadata.name", JsonValues.reader("metadata", "name"))
          .field("metadata.namespace", JsonValues.reader("metadata", "namespace"))
          .rejectWith(
              label ->
                  GoText.quote(label)
                      + " is not a known field selector: only \"metadata.name\","
                      + " \"metadata.namespace\"")
          .build();

  private final Map<String, String> canonical;
  private final Map<String, FieldReader> readers;
  private final UnaryOperator<String> rejection;

  private SelectableFields(Builder b) {
    this.canonical = Collections.unmodifiableMap(new LinkedHashMap<>(b.canonical));
    this.readers = Map.copyOf(b.readers);
    this.rejection = b.rejection;
  }

  /**
   * What kube accepts for a kind that registers no conversion function: {@code metadata.name} and
   * {@code metadata.namespace} (even for cluster-scoped kinds), anything else rejected with {@code
   * "x" is not a known field selector: only "metadata.name", "metadata.namespace"}.
   */
  public static SelectableFields metadataOnly() {
    return METADATA_ONLY;
  }

  /**
   * The fields of a custom resource: {@code metadata.name}, {@code metadata.namespace} unless the
   * resource is cluster-scoped, and the CRD version's {@code selectableFields}. Each JSON path is a
   * simple dotted path such as {@code .spec.color}; its label drops the leading dot. Values are
   * read as kube does: strings as they are, integers and booleans as text, absent fields as {@code
   * ""}. Other labels are rejected with {@code field label not supported: x}.
   *
   * @throws IllegalArgumentException when a path is not a simple dotted path
   */
  public static SelectableFields forCustomResource(
      boolean clusterScoped, Collection<String> selectableJsonPaths) {
    Builder b = builder().field("metadata.name", JsonValues.reader("metadata", "name"));
    if (!clusterScoped) {
      b.field("metadata.namespace", JsonValues.reader("metadata", "namespace"));
    }
    for (String jsonPath : selectableJsonPaths) {
      if (!jsonPath.matches("(\\.[^.\\[\\]]+)+")) {
        throw new IllegalArgumentException(
            "selectable field path must be a simple JSON path like .spec.color: " + jsonPath);
      }
      String label = jsonPath.substring(1);
      b.field(label, JsonValues.reader(label.split("\\.")));
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The canonical name of a field label.
   *
   * @throws ApiException 400 with the resource's rejection message for an unsupported label
   */
  public String canonicalLabel(String label) {
    String name = canonical.get(label);
    if (name == null) {
      throw ApiException.badRequest(rejection.apply(label));
    }
    return name;
  }

  /** The selector value of a canonical field of {@code object}; {@code ""} when absent. */
  public String value(JsonNode object, String canonicalLabel) {
    FieldReader reader = readers.get(canonicalLabel);
    if (reader == null || object == null) {
      return "";
    }
    String value = reader.read(object);
    return value == null ? "" : value;
  }

  /**
   * The value of every canonical field of {@code object}, computed once per write so that field
   * selectors can match cached objects without parsing them again.
   */
  public Map<String, String> values(JsonNode object) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : new java.util.LinkedHashSet<>(canonical.values())) {
      values.put(name, value(object, name));
    }
    return values;
  }

  /** The labels this resource accepts, in registration order. */
  public Set<String> labels() {
    return canonical.keySet();
  }

  /** Builds a {@link SelectableFields}; not thread-safe. */
  public static final class Builder {
    private final Map<String, String> canonical = new LinkedHashMap<>();
    private final Map<String, FieldReader> readers = new LinkedHashMap<>();
    private UnaryOperator<String> rejection = label -> "field label not supported: " + label;

    private Builder() {}

    /** Accepts {@code label} and reads it with {@code reader}. */
    public Builder field(String label, FieldReader reader) {
      canonical.put(label, label);
      readers.put(label, Objects.requireNonNull(reader, "reader"));
      return this;
    }

    /** Accepts {@code label} and reads it from the object at {@code path}. */
    public Builder field(String label, String... path) {
      return field(label, JsonValues.reader(path));
    }

    /** Accepts {@code label} without a value of its own: it always reads as {@code ""}. */
    public Builder unfilled(String label) {
      canonical.put(label, label);
      return this;
    }

    /** Accepts {@code label} as another name for {@code canonicalLabel}. */
    public Builder alias(String label, String canonicalLabel) {
      canonical.put(label, canonicalLabel);
      return this;
    }

    /**
     * Accepts {@code label} as another name for {@code canonicalLabel}, read with {@code reader}.
     */
    public Builder alias(String label, String canonicalLabel, FieldReader reader) {
      canonical.put(label, canonicalLabel);
      readers.put(canonicalLabel, Objects.requireNonNull(reader, "reader"));
      return this;
    }

    /** The message for an unsupported label (default {@code field label not supported: x}). */
    public Builder rejectWith(UnaryOperator<String> message) {
      this.rejection = Objects.requireNonNull(message, "message");
      return this;
    }

    public SelectableFields build() {
      return new SelectableFields(this);
    }
  }
}
