package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.List;

/**
 * Generic {@code metadata} validation, as apimachinery applies it to every object including custom
 * resources: a DNS-1123 subdomain name (or a valid {@code generateName} prefix), namespace present
 * exactly for namespaced kinds, well-formed labels, annotations (at most 256 KiB), owner references
 * (at most one controller), finalizers and managed fields; on update, the fields that may never
 * change. Built-in kinds get these checks through their {@link TypeRules}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ObjectMetaValidation {

  private ObjectMetaValidation() {}

  /** The problems with the metadata of an object being created; the name is already generated. */
  public static List<FieldError> validateCreate(ObjectMeta meta, boolean namespaced) {
    return ObjectMetaValidator.validateCreate(meta, namespaced, NameRule.DNS1123_SUBDOMAIN, false);
  }

  /**
   * The problems with replacing {@code oldMeta} by {@code newMeta}: name, namespace, uid, creation
   * and deletion timestamps and grace period may not change, generation may not go down,
   * resourceVersion must be set, and no finalizer may be added once deletion started.
   */
  public static List<FieldError> validateUpdate(ObjectMeta newMeta, ObjectMeta oldMeta) {
    return ObjectMetaValidator.validateUpdate(newMeta, oldMeta, false);
  }
}
