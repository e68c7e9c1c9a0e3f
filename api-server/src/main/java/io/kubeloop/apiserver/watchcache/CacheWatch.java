package io.kubeloop.apiserver.watchcache;

/** A running watch on a {@link WatchCache}; closing it stops delivery without a callback. */
@FunctionalInterface
public interface CacheWatch extends AutoCloseable {

  @Override
  void close();
}
