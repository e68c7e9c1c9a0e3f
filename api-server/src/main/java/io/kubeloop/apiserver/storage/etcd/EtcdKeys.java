package io.kubeloop.apiserver.storage.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.kubeloop.apiserver.storage.KeyValue;

/**
 * Maps storage keys to etcd keys (the namespace in front) and etcd entries back.
 *
 * <p>Keys are UTF-8 in etcd, which orders them by bytes; for keys without characters outside the
 * Basic Multilingual Plane that is the order of Java strings, as the other backends use.
 */
final class EtcdKeys {

  /** Where kube-apiserver's compactors agree on compactions (its version is their clock). */
  static final String COMPACT_REV_KEY = "compact_rev_key";

  /** One byte 0: as a range end it means "every key from the start key on". */
  static final ByteSequence ALL = ByteSequence.from(new byte[] {0});

  private final String namespace;

  EtcdKeys(String namespace) {
    this.namespace = namespace;
  }

  String namespace() {
    return namespace;
  }

  ByteSequence toEtcd(String key) {
    return ByteSequence.from(namespace + key, UTF_8);
  }

  /**
   * The storage key of an etcd key, or null when the key is outside the namespace. The compactors'
   * {@value #COMPACT_REV_KEY} is outside every namespace, also the empty one.
   */
  String fromEtcd(ByteSequence etcdKey) {
    String raw = etcdKey.toString(UTF_8);
    return raw.startsWith(namespace) && !raw.equals(COMPACT_REV_KEY)
        ? raw.substring(namespace.length())
        : null;
  }

  /** The end of the etcd range of keys starting with {@code prefix}: {@link #ALL} if unbounded. */
  ByteSequence rangeEnd(String prefix) {
    byte[] bytes = (namespace + prefix).getBytes(UTF_8);
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] != (byte) 0xff) {
        byte[] end = java.util.Arrays.copyOf(bytes, i + 1);
        end[i]++;
        return ByteSequence.from(end);
      }
    }
    return ALL;
  }

  KeyValue fromEtcd(String key, io.etcd.jetcd.KeyValue kv) {
    return new KeyValue(key, kv.getValue().getBytes(), kv.getCreateRevision(), kv.getModRevision());
  }

  /** An etcd entry as a storage entry; null when it is outside the namespace. */
  KeyValue fromEtcd(io.etcd.jetcd.KeyValue kv) {
    String key = fromEtcd(kv.getKey());
    return key == null ? null : fromEtcd(key, kv);
  }
}
