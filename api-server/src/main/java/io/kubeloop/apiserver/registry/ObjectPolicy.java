package io.kubeloop.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.crd.schema.SchemaView;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.List;
import java.util.Optional;

/**
 * What differs between resources in how their objects are written: defaults, validation, what a
 * create resets, graceful deletion and expiry. The generic rules (metadata, generation,
 * preconditions, finalizers) are the store's and apply to every resource.
 */
public interface ObjectPolicy {

  /** A policy that adds nothing to the generic rules. */
  ObjectPolicy DEFAULT = new ObjectPolicy() {};

  /**
   * Removes fields the resource's schema does not have, in place, and returns their paths (e.g.
   * {@code spec.foo}). Custom resources prune by their schema; built-ins are checked against their
   * model classes before they reach the store.
   */
  default List<String> pruneUnknownFields(ObjectNode object) {
    return List.of();
  }

  /**
   * The structural schema {@code object} follows (a custom resource's version), which server-side
   * apply merges by; empty for built-ins, whose Fabric8 class is their schema.
   */
  default Optional<SchemaView> structuralSchema(ObjectNode object) {
    return Optional.empty();
  }

  /** Fills in defaulted fields, in place. Runs on create and on update. */
  default void applyDefaults(ObjectNode object) {}

  /** Resets what a create may not set (e.g. status) and sets initial values, in place. */
  default void prepareForCreate(ObjectNode object) {}

  /** Field errors of an object about to be created (metadata included). */
  default List<FieldError> validate(ObjectNode object) {
    return List.of();
  }

  /** Field errors of an update from {@code old} to {@code object} (immutable fields etc.). */
  default List<FieldError> validateUpdate(ObjectNode object, ObjectNode old) {
    return validate(object);
  }

  /** Field errors of a write to the status subresource. */
  default List<FieldError> validateStatusUpdate(ObjectNode object, ObjectNode old) {
    return List.of();
  }

  /**
   * How long a delete of {@code object} waits for its owner to confirm (pods: the node agent), in
   * seconds, or 0 to delete at once.
   *
   * @param requested the client's gracePeriodSeconds, or null
   */
  default long gracePeriodSeconds(ObjectNode object, Long requested) {
    return 0;
  }

  /**
   * Whether something besides {@code metadata.finalizers} still holds a deleted object (a
   * namespace's {@code spec.finalizers}).
   */
  default boolean blocksDeletion(ObjectNode object) {
    return false;
  }

  /** Sets what a deletion in progress shows (a namespace's Terminating phase), in place. */
  default void prepareForDeletion(ObjectNode object) {}

  /** Objects expire this many seconds after their last write (events: one hour); 0 for never. */
  default long ttlSeconds() {
    return 0;
  }
}
