package io.kubeloop.apiserver.registry;

/**
 * Options of a delete, as in {@code meta.k8s.io/v1 DeleteOptions}.
 *
 * @param gracePeriodSeconds the requested grace period, or null for the resource's default
 * @param preconditionUid the uid the object must have, or null
 * @param preconditionResourceVersion the resourceVersion the object must have, or null
 * @param propagationPolicy Orphan, Background or Foreground, or null for the default
 * @param dryRun run every step but do not persist
 */
public record DeleteOptions(
    Long gracePeriodSeconds,
    String preconditionUid,
    String preconditionResourceVersion,
    String propagationPolicy,
    boolean dryRun) {

  public static final DeleteOptions DEFAULT = new DeleteOptions(null, null, null, null, false);
}
