package io.kubeloop.apiserver.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/** A watch over a WebSocket, one text message per event, as kube-apiserver sends JSON events. */
final class WebSocketChannel extends BaseChannel {

  private final ServerWebSocket ws;
  private final AtomicBoolean ended = new AtomicBoolean();

  WebSocketChannel(ServerWebSocket ws, int writeQueueBytes) {
    this.ws = ws;
    ws.setWriteQueueMaxSize(writeQueueBytes);
    ws.closeHandler(v -> runCloseActions());
    ws.drainHandler(v -> drained());
  }

  @Override
  public boolean write(Buffer frame) {
    if (ended.get() || ws.isClosed()) {
      return true;
    }
    try {
      ws.writeTextMessage(frame.toString(StandardCharsets.UTF_8));
      return !ws.writeQueueFull();
    } catch (IllegalStateException closedMeanwhile) {
      return true;
    }
  }

  @Override
  boolean writeQueueFull() {
    try {
      return !ended.get() && !ws.isClosed() && ws.writeQueueFull();
    } catch (IllegalStateException closedMeanwhile) {
      return false;
    }
  }

  @Override
  public void end() {
    if (ended.compareAndSet(false, true) && !ws.isClosed()) {
      ws.close();
    }
    runCloseActions();
  }
}
