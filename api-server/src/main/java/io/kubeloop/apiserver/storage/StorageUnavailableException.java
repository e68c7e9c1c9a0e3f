package io.kubeloop.apiserver.storage;

/**
 * The store could not be reached, or did not answer in time; the operation may or may not have
 * taken effect. The API server answers 503 ({@code ServiceUnavailable}) or, when {@link
 * #timedOut()}, 504 ({@code Timeout}); clients retry.
 */
public final class StorageUnavailableException extends StorageException {

  private static final long serialVersionUID = 1L;

  private final boolean timedOut;

  public StorageUnavailableException(String message, boolean timedOut, Throwable cause) {
    super(message, cause);
    this.timedOut = timedOut;
  }

  /** Whether the store did not answer in time (rather than refusing or being unreachable). */
  public boolean timedOut() {
    return timedOut;
  }
}
