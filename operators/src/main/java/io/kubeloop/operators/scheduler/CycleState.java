package io.kubeloop.operators.scheduler;

import java.util.HashMap;
import java.util.Map;

/**
 * Data plugins keep for the length of one scheduling cycle (kube's {@code CycleState}): what
 * PreFilter computed for Filter, what PreScore computed for Score, and which plugins asked to be
 * skipped. One per cycle; not thread-safe (a cycle runs on one thread).
 */
final class CycleState {

  /** A typed key; plugins use a constant of their own so they never collide. */
  record Key<T>(String name) {}

  private final Map<Key<?>, Object> data = new HashMap<>();

  <T> void write(Key<T> key, T value) {
    data.put(key, value);
  }

  /**
   * Returns what was written under {@code key}.
   *
   * @throws IllegalStateException if nothing was (a plugin ran without its earlier phase)
   */
  @SuppressWarnings("unchecked")
  <T> T read(Key<T> key) {
    Object value = data.get(key);
    if (value == null) {
      throw new IllegalStateException("no " + key.name() + " in the cycle state");
    }
    return (T) value;
  }
}
