package io.kubeloop.informers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads watch frames ({@code {"type":"ADDED","object":{...}}}, one per line) from a {@link
 * WatchConnection} and hands each to a {@link FrameHandler} with the object scanned. ERROR frames
 * are thrown as {@link StatusException}.
 *
 * <p>Not thread-safe: used by one reflector thread.
 */
final class FrameReader {

  /** Frame types, as sent in the {@code type} field. */
  enum Type {
    ADDED,
    MODIFIED,
    DELETED,
    BOOKMARK,
    ERROR
  }

  /** Receives frames; the scanner holds the frame's object. */
  interface FrameHandler {
    void frame(Type type, ObjectScanner object) throws IOException;
  }

  static final JsonFactory JSON = new JsonFactory();

  private final ObjectScanner scanner;
  private byte[] partial = new byte[8192];
  private int partialSize;

  FrameReader(ObjectScanner scanner) {
    this.scanner = scanner;
  }

  /**
   * Reads frames until the server ends the response.
   *
   * @param deadlineNanos when to give up waiting for data, on the reflector's clock
   * @return the number of frames read
   */
  long readAll(WatchConnection connection, long deadlineNanos, FrameHandler handler)
      throws IOException, InterruptedException {
    partialSize = 0;
    long frames = 0;
    byte[] chunk;
    while ((chunk = connection.nextChunk(deadlineNanos)) != null) {
      int start = 0;
      for (int i = 0; i < chunk.length; i++) {
        if (chunk[i] != '\n') {
          continue;
        }
        if (partialSize == 0) {
          frames += frame(chunk, start, i - start, handler);
        } else {
          append(chunk, start, i - start);
          frames += frame(partial, 0, partialSize, handler);
          partialSize = 0;
        }
        start = i + 1;
      }
      if (start < chunk.length) {
        append(chunk, start, chunk.length - start);
      }
    }
    if (partialSize > 0 && !isBlank(partial, 0, partialSize)) {
      // a last frame without its newline
      frames += frame(partial, 0, partialSize, handler);
    }
    return frames;
  }

  private void append(byte[] src, int from, int length) {
    if (partialSize + length > partial.length) {
      partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialSize + length));
    }
    System.arraycopy(src, from, partial, partialSize, length);
    partialSize += length;
  }

  private int frame(byte[] buf, int off, int len, FrameHandler handler) throws IOException {
    if (isBlank(buf, off, len)) {
      return 0;
    }
    Type type = null;
    int objectStart = -1;
    int objectEnd = -1;
    try (JsonParser p = JSON.createParser(buf, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("watch frame is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("type") && value == JsonToken.VALUE_STRING) {
          type = type(p.getText());
        } else if (field.equals("object") && value == JsonToken.START_OBJECT) {
          if (type != null) {
            dispatch(type, p, buf, off, handler);
            return 1;
          }
          // the object came before its type: remember where it is
          objectStart = off + (int) p.currentTokenLocation().getByteOffset();
          p.skipChildren();
          objectEnd = off + (int) p.currentTokenLocation().getByteOffset() + 1;
        } else {
          p.skipChildren();
        }
      }
    }
    if (type == null || objectStart < 0) {
      throw new IOException("watch frame without type or object");
    }
    try (JsonParser p = JSON.createParser(buf, objectStart, objectEnd - objectStart)) {
      p.nextToken();
      dispatch(type, p, buf, objectStart, handler);
    }
    return 1;
  }

  private void dispatch(Type type, JsonParser p, byte[] buf, int base, FrameHandler handler)
      throws IOException {
    if (type == Type.ERROR) {
      StatusException status = StatusException.readStatus(p);
      throw status != null ? status : new StatusException(500, "", "watch ERROR event");
    }
    scanner.scan(p, buf, base);
    handler.frame(type, scanner);
  }

  private static Type type(String text) throws IOException {
    return switch (text) {
      case "ADDED" -> Type.ADDED;
      case "MODIFIED" -> Type.MODIFIED;
      case "DELETED" -> Type.DELETED;
      case "BOOKMARK" -> Type.BOOKMARK;
      case "ERROR" -> Type.ERROR;
      default -> throw new IOException("unknown watch event type " + text);
    };
  }

  private static boolean isBlank(byte[] buf, int off, int len) {
    for (int i = off; i < off + len; i++) {
      byte b = buf[i];
      if (b != ' ' && b != '\r' && b != '\t' && b != '\n') {
        return false;
      }
    }
    return true;
  }
}
