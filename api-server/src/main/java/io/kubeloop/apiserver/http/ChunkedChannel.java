package io.kubeloop.apiserver.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.atomic.AtomicBoolean;

/** A watch over a chunked HTTP response (HTTP/1.1, or a stream of an HTTP/2 connection). */
final class ChunkedChannel extends BaseChannel {

  private final HttpServerResponse response;
  private final AtomicBoolean ended = new AtomicBoolean();

  ChunkedChannel(HttpServerResponse response) {
    this.response = response;
    response.closeHandler(v -> runCloseActions());
    response.drainHandler(v -> drained());
  }

  @Override
  public boolean write(Buffer frame) {
    if (ended.get() || response.closed()) {
      return true;
    }
    try {
      response.write(frame);
      return !response.writeQueueFull();
    } catch (IllegalStateException endedMeanwhile) {
      return true;
    }
  }

  @Override
  boolean writeQueueFull() {
    try {
      return !ended.get() && !response.closed() && response.writeQueueFull();
    } catch (IllegalStateException endedMeanwhile) {
      return false;
    }
  }

  @Override
  public void end() {
    if (ended.compareAndSet(false, true) && !response.closed() && !response.ended()) {
      try {
        response.end();
      } catch (IllegalStateException endedMeanwhile) {
        // the client went away at the same moment
      }
    }
    runCloseActions();
  }
}
