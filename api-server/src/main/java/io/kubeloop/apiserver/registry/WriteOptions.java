package io.kubeloop.apiserver.registry;

/**
 * Options of a create, update or patch.
 *
 * @param dryRun run every step but do not persist
 * @param fieldManager the writer's name for field ownership, may be empty
 */
public record WriteOptions(boolean dryRun, String fieldManager) {

  public static final WriteOptions DEFAULT = new WriteOptions(false, "");
}
