package io.kubeloop.apiserver.storage;

import java.util.Arrays;

/**
 * One stored entry.
 *
 * <p>Two entries are equal when their keys, revisions and value bytes are equal (a record would
 * compare the arrays by identity).
 *
 * @param key the full key
 * @param value the serialized object; callers must not modify the array
 * @param createRevision the revision at which the key was created
 * @param modRevision the revision of the last write to the key
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyValue other
        && key.equals(other.key)
        && createRevision == other.createRevision
        && modRevision == other.modRevision
        && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    int h = key.hashCode();
    h = 31 * h + Long.hashCode(createRevision);
    h = 31 * h + Long.hashCode(modRevision);
    return 31 * h + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "KeyValue[key="
        + key
        + ", createRevision="
        + createRevision
        + ", modRevision="
        + modRevision
        + ", value="
        + (value == null ? "null" : value.length + " bytes")
        + "]";
  }
}
