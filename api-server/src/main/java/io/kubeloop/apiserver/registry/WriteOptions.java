package io.kubeloop.apiserver.registry;

/**
 * Options of a create, update or patch.
 *
 * @param dryRun run every step but do not persist
 * @param fieldManager the writer's name in managedFields; empty is recorded as {@code unknown}
 */
public record WriteOptions(boolean dryRun, String fieldManager) {

  /** The server's own writes, recorded as kube-apiserver's loopback client records them. */
  public static final WriteOptions DEFAULT = new WriteOptions(false, "kube-apiserver");
}
