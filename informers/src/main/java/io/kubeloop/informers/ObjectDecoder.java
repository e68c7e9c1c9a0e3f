package io.kubeloop.informers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns stored entries back into objects, keeping the most recently decoded ones so that a handler
 * and a lister reading the same fresh object decode it once.
 *
 * <p>The cache is keyed on entry identity (a changed object is a new entry, so a stale decoded
 * object is never returned) and holds its keys weakly, so replaced entries leave it with the
 * garbage collector. Thread-safe.
 *
 * <p>Decoding uses Fabric8's model mapping (an ObjectMapper configured by a {@link
 * KubernetesSerialization} of its own) through an {@link ObjectReader} on the stored bytes: going
 * through {@code KubernetesSerialization.unmarshal(InputStream)} costs a buffered stream and a YAML
 * check per object, which showed in sync profiles. Concrete types need no registration, so the
 * client's own serialization is not needed here.
 *
 * @param <T> the object type
 */
final class ObjectDecoder<T> {

  private static final ObjectMapper MAPPER = mapper();

  private final Class<T> type;
  private final ObjectReader reader;
  private final Cache<Entry, T> recent;

  ObjectDecoder(Class<T> type, int cacheSize) {
    this.type = type;
    this.reader = MAPPER.readerFor(type);
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
    try {
      T obj = reader.readValue(json, off, len);
      if (obj == null) {
        throw new IllegalStateException("empty object");
      }
      return obj;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectMapper mapper() {
    ObjectMapper mapper = new ObjectMapper();
    new KubernetesSerialization(mapper, true);
    return mapper;
  }

  /** Records an object already decoded for {@code entry}, e.g. while indexing it. */
  void prime(Entry entry, T obj) {
    if (recent != null) {
      recent.put(entry, obj);
    }
  }

  byte[] encode(T obj) {
    try {
      return MAPPER.writeValueAsBytes(obj);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
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
