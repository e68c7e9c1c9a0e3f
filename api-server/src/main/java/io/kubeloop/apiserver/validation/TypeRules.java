package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.List;

/**
 * kube-apiserver's defaulting and validation for one built-in kind. The registry calls, in this
 * order: {@link #applyDefaults} on every object it decodes (create and update alike, before
 * comparing with the stored object), then {@link #validate} on create or {@link #validateUpdate} on
 * update, and {@link #validateStatusUpdate} for writes to the {@code status} subresource. A
 * non-empty result becomes a 422 through {@code ApiException.invalid(kind(), group(), name,
 * errors)}.
 *
 * <p>The registry is expected to have done its own part first, as kube's generic registry does:
 * generated the name from {@code generateName}, set the namespace from the URL (and cleared it for
 * cluster-scoped kinds), and on update copied a missing {@code resourceVersion} from the stored
 * object when unconditional updates are allowed.
 *
 * <p>Implementations are stateless and thread-safe. {@code applyDefaults} mutates its argument; the
 * validate methods never do.
 *
 * @param <T> the Fabric8 model class of the kind
 */
public interface TypeRules<T extends HasMetadata> {

  /** The Fabric8 model class this applies to. */
  Class<T> type();

  /** The API group, {@code ""} for the core group. */
  String group();

  /** The kind, e.g. {@code Deployment}. */
  String kind();

  /** Whether objects of this kind live in a namespace. */
  boolean namespaced();

  /** Sets kube's defaults on {@code obj}, in place. */
  void applyDefaults(T obj);

  /** Everything wrong with {@code obj} as a new object, metadata included; empty when valid. */
  List<FieldError> validate(T obj);

  /**
   * Everything wrong with replacing {@code old} by {@code obj}: the checks of {@link #validate}
   * plus fields that may not change.
   */
  List<FieldError> validateUpdate(T obj, T old);

  /**
   * Everything wrong with a write to the {@code status} subresource. The registry keeps the rest of
   * the object from {@code old}; this checks metadata immutability and the status itself.
   */
  default List<FieldError> validateStatusUpdate(T obj, T old) {
    return ObjectMetaValidator.validateUpdate(obj.getMetadata(), old.getMetadata(), true);
  }
}
