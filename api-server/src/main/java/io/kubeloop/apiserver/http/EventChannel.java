package io.kubeloop.apiserver.http;

import io.vertx.core.buffer.Buffer;

/** Where a watch's encoded events go: a chunked HTTP response or a WebSocket. */
interface EventChannel {

  /** Queues one event frame; false if the peer is too far behind to take more. */
  boolean write(Buffer frame);

  /** Ends the stream cleanly. */
  void end();

  /** Runs {@code action} once when the peer goes away. */
  void onClose(Runnable action);
}
