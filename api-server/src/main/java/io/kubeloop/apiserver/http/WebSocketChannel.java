package io.kubeloop.apiserver.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A watch over a WebSocket, one text message per event, as kube-apiserver sends JSON watch events.
 *
 * <p>Messages go out straight from the frame's UTF-8 bytes. Vert.x's public API only takes text
 * messages as a {@code String}, which would decode and re-encode every event for every watcher, so
 * the first fragment is built with its {@code WebSocketFrameImpl} (Vert.x 4.5). Like {@code
 * writeTextMessage}, messages longer than the frame size are split into continuation frames, since
 * clients (Vert.x, as Fabric8 uses it) refuse longer frames.
 */
final class WebSocketChannel extends BaseChannel {

  /** The largest frame sent; Vert.x's default, which its clients accept by default too. */
  static final int MAX_FRAME_BYTES = HttpServerOptions.DEFAULT_MAX_WEBSOCKET_FRAME_SIZE;

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
      int length = frame.length();
      if (length <= MAX_FRAME_BYTES) {
        ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, frame.getByteBuf(), true));
      } else {
        // one writer per watch at a time, so the fragments of one message are not interleaved
        for (int offset = 0; offset < length; offset += MAX_FRAME_BYTES) {
          int end = Math.min(offset + MAX_FRAME_BYTES, length);
          Buffer part = frame.slice(offset, end);
          boolean last = end == length;
          ws.writeFrame(
              offset == 0
                  ? new WebSocketFrameImpl(WebSocketFrameType.TEXT, part.getByteBuf(), last)
                  : WebSocketFrame.continuationFrame(part, last));
        }
      }
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
