package io.kubeloop.apiserver.selection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * A list or watch request's label and field selectors, bound to the resource's selectable fields
 * ({@code storage.SelectionPredicate}). Usually made by {@link FieldSelectorRegistry#predicate}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param labels the label selector
 * @param fields the field selector, its labels already canonical (see {@link
 *     FieldSelectorRegistry#parse})
 * @param selectable how to read the field values from an object
 */
public record SelectionPredicate(
    LabelSelector labels, FieldSelector fields, SelectableFields selectable) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public SelectionPredicate {
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(selectable, "selectable");
  }

  /** The predicate that selects every object of a resource. */
  public static SelectionPredicate everything(SelectableFields selectable) {
    return new SelectionPredicate(
        LabelSelector.everything(), FieldSelector.everything(), selectable);
  }

  /** True when neither selector restricts anything, so callers can skip decoding objects. */
  public boolean isEverything() {
    return labels.isEmpty() && fields.isEmpty();
  }

  /** Whether a stored object (as JSON) matches both selectors. */
  public boolean matches(JsonNode object) {
    if (!labels.matches(object)) {
      return false;
    }
    return fields.isEmpty() || fields.matches(label -> selectable.value(object, label));
  }

  /**
   * Whether a stored object, as serialized JSON bytes, matches both selectors; the bytes are only
   * parsed when a selector needs them.
   *
   * @throws UncheckedIOException when a selector needs the object and the bytes are not JSON
   */
  public boolean matches(byte[] json) {
    if (isEverything()) {
      return true;
    }
    if (labels.matchesNothing()) {
      return false;
    }
    try {
      return matches(MAPPER.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
