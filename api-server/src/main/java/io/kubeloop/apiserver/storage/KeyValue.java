package io.kubeloop.apiserver.storage;

/**
 * One stored entry.
 *
 * @param key the full key
 * @param value the serialized object; callers must not modify the array
 * @param createRevision the revision at which the key was created
 * @param modRevision the revision of the last write to the key
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {}
