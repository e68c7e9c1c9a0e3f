package io.kubeloop.apiserver.storage;

/** A read or watch asked for a revision whose history is compacted. */
public final class CompactedException extends StorageException {

  private static final long serialVersionUID = 1L;

  private final long requested;
  private final long compacted;

  public CompactedException(long requested, long compacted) {
    super(
        "required revision "
            + requested
            + " has been compacted (compacted up to "
            + compacted
            + ")");
    this.requested = requested;
    this.compacted = compacted;
  }

  public long requested() {
    return requested;
  }

  public long compacted() {
    return compacted;
  }
}
