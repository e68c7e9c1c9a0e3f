package io.kubeloop.informers;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The read side of an informer's cache: {@link Indexer} and {@link Lister} over its {@link
 * CompactStore}, decoding only the entries a caller asked for. Label selectors are tested on the
 * stored labels, before decoding. Thread-safe.
 *
 * @param <T> the object type
 */
final class CacheView<T> implements Indexer<T>, Lister<T> {

  private final CompactStore store;
  private final ObjectDecoder<T> decoder;

  CacheView(CompactStore store, ObjectDecoder<T> decoder) {
    this.store = store;
    this.decoder = decoder;
  }

  private List<T> decode(Collection<Entry> entries) {
    List<T> out = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      out.add(decoder.decode(e));
    }
    return out;
  }

  private List<T> decodeMatching(Collection<Entry> entries, LabelSelector selector) {
    LabelMatcher matcher = new LabelMatcher(selector);
    List<T> out = new ArrayList<>();
    for (Entry e : entries) {
      if (matcher.matches(e)) {
        out.add(decoder.decode(e));
      }
    }
    return out;
  }

  private Optional<T> find(ObjectKey key) {
    Entry e = store.get(key);
    return e == null ? Optional.empty() : Optional.of(decoder.decode(e));
  }

  // ---- Indexer

  @Override
  public Optional<T> getByKey(String key) {
    return find(ObjectKey.parse(key));
  }

  @Override
  public Optional<T> get(String namespace, String name) {
    return find(new ObjectKey(namespace == null ? "" : namespace, name));
  }

  @Override
  public List<T> list() {
    return decode(store.list());
  }

  @Override
  public List<String> listKeys() {
    List<String> keys = new ArrayList<>();
    for (ObjectKey k : store.keys(null)) {
      keys.add(k.toString());
    }
    return keys;
  }

  @Override
  public int size() {
    return store.size();
  }

  @Override
  public List<T> byIndex(String indexName, String value) {
    if (indexName.equals(NAMESPACE_INDEX)) {
      return decode(store.list(value));
    }
    return decode(store.byIndex(indexName, value));
  }

  @Override
  public List<String> indexKeys(String indexName, String value) {
    List<Entry> entries =
        indexName.equals(NAMESPACE_INDEX) ? store.list(value) : store.byIndex(indexName, value);
    List<String> keys = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      keys.add(e.key.toString());
    }
    return keys;
  }

  @Override
  public Set<String> indexValues(String indexName) {
    if (indexName.equals(NAMESPACE_INDEX)) {
      return store.namespaces();
    }
    return store.indexValues(indexName);
  }

  @Override
  public List<String> indexNames() {
    List<String> names = new ArrayList<>();
    names.add(NAMESPACE_INDEX);
    names.addAll(store.indexNames());
    return names;
  }

  // ---- Lister

  @Override
  public List<T> list(LabelSelector selector) {
    return decodeMatching(store.list(), selector);
  }

  @Override
  public Optional<T> get(String name) {
    return find(new ObjectKey("", name));
  }

  @Override
  public NamespaceLister<T> namespace(String namespace) {
    String ns = namespace == null ? "" : namespace;
    return new NamespaceLister<>() {
      @Override
      public List<T> list() {
        return decode(store.list(ns));
      }

      @Override
      public List<T> list(LabelSelector selector) {
        return decodeMatching(store.list(ns), selector);
      }

      @Override
      public Optional<T> get(String name) {
        return find(new ObjectKey(ns, name));
      }
    };
  }
}
