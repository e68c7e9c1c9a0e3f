package io.kubeloop.apiserver.watchcache;

import io.kubeloop.apiserver.storage.KeyValue;

/** Turns a stored entry into the cache's form; called once per write, on the cache's thread. */
@FunctionalInterface
public interface ObjectDecoder {

  /**
   * @param kv the stored entry
   * @param revision the resourceVersion to put into the object (the entry's mod revision, or for a
   *     deletion the delete's revision)
   */
  CachedObject decode(KeyValue kv, long revision);
}
