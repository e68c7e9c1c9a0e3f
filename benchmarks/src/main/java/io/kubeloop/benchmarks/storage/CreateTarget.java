package io.kubeloop.benchmarks.storage;

/** The part of a store the storage benchmarks use: creates, and a lookup to verify them. */
interface CreateTarget extends AutoCloseable {

  /** Creates {@code key}; returns its revision once the store has acknowledged it. */
  long create(String key, byte[] value);

  /** The mod revision of {@code key}, or -1 if it is absent. */
  long revisionOf(String key);

  @Override
  void close();
}
