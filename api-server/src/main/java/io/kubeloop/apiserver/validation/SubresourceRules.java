package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Validation of the subresources controllers write besides {@code status}: a pod's {@code binding}
 * (the scheduler's placement) and a namespace's {@code finalize} (the namespace controller's
 * release of {@code spec.finalizers}). Stateless and thread-safe.
 */
public final class SubresourceRules {

  private SubresourceRules() {}

  /**
   * The problems with a {@code pods/binding} request: the target must be a Node (or have no kind)
   * and be named. Whether the pod may still be bound is the registry's check.
   */
  public static List<FieldError> validateBinding(Binding binding) {
    Objects.requireNonNull(binding, "binding");
    List<FieldError> errs = new ArrayList<>();
    ObjectReference target =
        binding.getTarget() == null ? new ObjectReference() : binding.getTarget();
    String kind = ObjectMetaValidator.nullToEmpty(target.getKind());
    if (!kind.isEmpty() && !kind.equals("Node")) {
      errs.add(FieldError.notSupported("target.kind", kind, List.of("Node", "<empty>")));
    }
    if (ObjectMetaValidator.nullToEmpty(target.getName()).isEmpty()) {
      errs.add(FieldError.required("target.name", ""));
    }
    return errs;
  }

  /**
   * The problems with a {@code namespaces/finalize} update: metadata immutability and finalizer
   * names in {@code spec.finalizers}.
   */
  public static List<FieldError> validateNamespaceFinalize(Namespace namespace, Namespace old) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(old, "old");
    return NamespaceRules.validateFinalizeUpdate(namespace, old);
  }
}
