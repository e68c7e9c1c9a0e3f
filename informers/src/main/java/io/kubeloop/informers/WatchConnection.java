package io.kubeloop.informers;

import java.io.IOException;

/** An open watch response: its body arrives in chunks of newline-separated JSON frames. */
interface WatchConnection extends AutoCloseable {

  /**
   * The next chunk of the body, waiting until {@code deadlineNanos} on the reflector's clock.
   *
   * @return the chunk, or null when the server ended the response
   * @throws WatchTimeoutException if nothing arrived before the deadline
   * @throws IOException if the connection broke
   */
  byte[] nextChunk(long deadlineNanos) throws IOException, InterruptedException;

  /** Aborts the response. Idempotent; a blocked {@link #nextChunk} returns or throws promptly. */
  @Override
  void close();

  /** Nothing arrived on a watch for longer than its deadline. */
  final class WatchTimeoutException extends IOException {
    WatchTimeoutException(String message) {
      super(message);
    }
  }
}
