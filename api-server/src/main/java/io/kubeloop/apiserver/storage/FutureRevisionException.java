package io.kubeloop.apiserver.storage;

/** A read asked for a revision the store has not reached yet. */
public final class FutureRevisionException extends StorageException {

  private static final long serialVersionUID = 1L;

  public FutureRevisionException(long requested, long current) {
    super("required revision " + requested + " is a future revision (current " + current + ")");
  }
}
