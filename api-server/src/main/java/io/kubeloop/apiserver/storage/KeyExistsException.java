package io.kubeloop.apiserver.storage;

/** A create found the key present. */
public final class KeyExistsException extends StorageException {

  private static final long serialVersionUID = 1L;

  public KeyExistsException(String key) {
    super("key exists: " + key);
  }
}
