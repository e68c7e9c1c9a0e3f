package io.kubeloop.informers;

import java.util.Comparator;

/**
 * Namespace and name of a cached object; {@code namespace} is "" for cluster-scoped objects. Keys
 * sort by namespace, then name, so one namespace is a contiguous range of the store.
 */
record ObjectKey(String namespace, String name) implements Comparable<ObjectKey> {

  private static final Comparator<ObjectKey> ORDER =
      Comparator.comparing(ObjectKey::namespace).thenComparing(ObjectKey::name);

  /** Parses client-go's key form: {@code namespace/name}, or {@code name} when cluster-scoped. */
  static ObjectKey parse(String key) {
    int slash = key.indexOf('/');
    return slash < 0
        ? new ObjectKey("", key)
        : new ObjectKey(key.substring(0, slash), key.substring(slash + 1));
  }

  /** The smallest key of {@code namespace}, for range scans. */
  static ObjectKey first(String namespace) {
    return new ObjectKey(namespace, "");
  }

  @Override
  public int compareTo(ObjectKey other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }
}
