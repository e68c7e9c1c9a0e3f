package io.kubeloop.informers;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The two requests a reflector makes, returning raw bytes: the reflector reads what it needs from
 * them without building objects. Implemented over Fabric8's HTTP client; tests substitute fakes.
 */
interface ListWatchClient {

  /**
   * One LIST request.
   *
   * @param namespace the namespace, or null for all namespaces / cluster-scoped resources
   * @return the response body; fails with {@link StatusException} on a non-2xx answer
   */
  CompletableFuture<byte[]> list(String namespace, ListQuery query);

  /**
   * Opens a watch and returns once the server has answered with its headers.
   *
   * @throws StatusException if the server answered with an error status
   * @throws IOException if the connection failed
   */
  WatchConnection watch(String namespace, ListQuery query) throws IOException, InterruptedException;

  /** A resource description for messages, e.g. {@code configmaps}. */
  String resource();
}
