package io.kubeloop.informers;

import java.io.IOException;
import java.util.List;

/** Where a {@link Reflector} puts what it reads: the informer's store and handlers. */
interface ReflectorTarget {

  /** Builds the entry to store for the object {@code scanned} holds (transform, pack, index). */
  Entry entry(ObjectScanner scanned, Packing.Packer packer) throws IOException;

  /** The stored entry of {@code key}, or null. */
  Entry current(ObjectKey key);

  /** Stores {@code entry} and notifies handlers of an add or an update. */
  void upsert(Entry entry, boolean initialList);

  /**
   * Removes {@code key} and notifies handlers with {@code finalState} (the deleted object as the
   * watch reported it, or the last stored state for a deletion missed between lists).
   */
  void delete(ObjectKey key, Entry finalState, boolean finalStateUnknown);

  /** The stored keys in {@code namespace}, or all if null. */
  List<ObjectKey> keys(String namespace);

  /** This reflector's first list is in the store. */
  void synced(Reflector reflector);
}
