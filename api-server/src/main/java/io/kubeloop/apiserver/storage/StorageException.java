package io.kubeloop.apiserver.storage;

/** Base of the store's failures; I/O problems surface as this type itself. */
public class StorageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
