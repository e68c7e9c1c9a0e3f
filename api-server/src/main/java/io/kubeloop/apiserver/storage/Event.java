package io.kubeloop.apiserver.storage;

/**
 * A change to one key.
 *
 * @param type PUT (create or update) or DELETE
 * @param kv after a PUT, the new entry; after a DELETE, the deleted entry with {@code modRevision}
 *     set to the delete's revision
 * @param prevKv the entry before the change, or null if the PUT created the key
 */
public record Event(Type type, KeyValue kv, KeyValue prevKv) {

  public enum Type {
    PUT,
    DELETE
  }

  /** The revision of the write that caused this event. */
  public long revision() {
    return kv.modRevision();
  }
}
