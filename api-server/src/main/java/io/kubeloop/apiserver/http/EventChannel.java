package io.kubeloop.apiserver.http;

import io.vertx.core.buffer.Buffer;

/**
 * Where a watch's encoded events go: a chunked HTTP response or a WebSocket.
 *
 * <p>Thread-safe. Writes never block: the connection's write queue has a soft limit, and a writer
 * that finds it full waits for {@link #whenWritable} instead of writing more.
 */
interface EventChannel {

  /**
   * Queues one event frame, even past the write queue's limit. The frame may be shared with other
   * channels: it is only read.
   *
   * @return whether the channel can take more now
   */
  boolean write(Buffer frame);

  /**
   * Runs {@code action} once, on the connection's event loop or on the calling thread, when the
   * write queue has room again (at once if it has), or when the channel has ended.
   */
  void whenWritable(Runnable action);

  /** Ends the stream cleanly. */
  void end();

  /** Runs {@code action} once when the stream ends, whichever way. */
  void onClose(Runnable action);
}
