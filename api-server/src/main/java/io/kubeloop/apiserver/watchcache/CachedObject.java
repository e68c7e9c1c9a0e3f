package io.kubeloop.apiserver.watchcache;

import java.util.Map;

/**
 * One object as the cache holds it: the JSON a client receives (resourceVersion included) plus what
 * selectors need, extracted once when the object was written.
 *
 * @param key the storage key
 * @param namespace the namespace, "" for cluster-scoped objects
 * @param name the name
 * @param labels the labels, never null
 * @param fields the values of the resource's selectable fields, never null
 * @param revision the mod revision, which is the resourceVersion in {@code json}
 * @param json the object's JSON; callers must not modify the array
 */
public record CachedObject(
    String key,
    String namespace,
    String name,
    Map<String, String> labels,
    Map<String, String> fields,
    long revision,
    byte[] json) {}
