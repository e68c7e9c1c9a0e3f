package io.kubeloop.runtime;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One watch of a controller: the watched type, how its objects map to requests, and which of its
 * events count. The primary type maps each object to itself; {@code owns} maps to the controlling
 * owner; {@code watches} maps with the user's function.
 *
 * @param type the watched type; its informer is the manager's shared one
 * @param mapper object to requests
 * @param predicate which events to pass on
 * @param description for logs, e.g. {@code owns Secret}
 * @param addsByKey whether an added object maps to the request of its own namespace and name and
 *     passes the predicate whatever it is (the primary type without predicates): the informer then
 *     need not decode added objects for this source
 */
record Source<S extends HasMetadata>(
    Class<S> type,
    RequestMapper<? super S> mapper,
    WatchPredicate<? super S> predicate,
    String description,
    boolean addsByKey) {

  /** A source whose adds need the object. */
  Source(
      Class<S> type,
      RequestMapper<? super S> mapper,
      WatchPredicate<? super S> predicate,
      String description) {
    this(type, mapper, predicate, description, false);
  }

  Source {
    requireNonNull(type, "type");
    requireNonNull(mapper, "mapper");
    requireNonNull(predicate, "predicate");
    requireNonNull(description, "description");
  }

  @Override
  public String toString() {
    return description;
  }
}
