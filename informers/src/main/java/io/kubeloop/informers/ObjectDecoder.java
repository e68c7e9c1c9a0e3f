package io.kubeloop.informers;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;

/**
 * Turns stored entries back into objects, keeping the most recently decoded ones so that a handler
 * and a lister reading the same fresh object decode it once.
 *
 * <p>The cache is keyed on entry identity (a changed object is a new entry, so a stale decoded
 * object is never returned) and holds its keys weakly, so replaced entries leave it with the
 * garbage collector. Thread-safe.
 *
 * @param <T> the object type
 */
final class ObjectDecoder<T> {

  private final Class<T> type;
  private final KubernetesSerialization serialization;
  private final Cache<Entry, T> recent;

  ObjectDecoder(Class<T> type, KubernetesSerialization serialization, int cacheSize) {
    this.type = type;
    this.serialization = serialization;
    this.recent =
        cacheSize == 0 ? null : Caffeine.newBuilder().weakKeys().maximumSize(cacheSize).build();
  }

  Class<T> type() {
    return type;
  }

  T decode(Entry entry) {
    if (recent == null) {
      return decodeBytes(entry.json());
    }
    return recent.get(entry, e -> decodeBytes(e.json()));
  }

  /** Decodes JSON bytes into the informer's type. */
  T decodeBytes(byte[] json) {
    return decodeBytes(json, 0, json.length);
  }

  T decodeBytes(byte[] json, int off, int len) {
    T obj = serialization.unmarshal(new ByteArrayInputStream(json, off, len), type);
    if (obj == null) {
      throw new IllegalStateException("empty object");
    }
    return obj;
  }

  /** Records an object already decoded for {@code entry}, e.g. while indexing it. */
  void prime(Entry entry, T obj) {
    if (recent != null) {
      recent.put(entry, obj);
    }
  }

  byte[] encode(T obj) {
    return serialization.asJson(obj).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Drops every decoded object. */
  void clear() {
    if (recent != null) {
      recent.invalidateAll();
    }
  }

  static String keyOf(HasMetadata obj) {
    String ns = obj.getMetadata().getNamespace();
    String name = obj.getMetadata().getName();
    return ns == null || ns.isEmpty() ? name : ns + "/" + name;
  }
}
