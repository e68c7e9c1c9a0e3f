package io.kubeloop.apiserver.storage;

/** A running watch; closing it stops delivery. */
public interface Watch extends AutoCloseable {

  @Override
  void close();
}
