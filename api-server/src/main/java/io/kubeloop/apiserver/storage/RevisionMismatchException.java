package io.kubeloop.apiserver.storage;

/** A guarded write found the key absent or at another mod revision. */
public final class RevisionMismatchException extends StorageException {

  private static final long serialVersionUID = 1L;

  private final transient KeyValue current;

  public RevisionMismatchException(String key, KeyValue current) {
    super(
        current == null
            ? "key not found: " + key
            : "key " + key + " is at mod revision " + current.modRevision());
    this.current = current;
  }

  /** The entry as it is now, or null if the key is absent. */
  public KeyValue current() {
    return current;
  }
}
