package io.kubeloop.informers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * An API error: an HTTP status and, when the server sent one, its Kubernetes {@code Status} reason
 * and message. Also used for ERROR events inside a watch stream.
 */
final class StatusException extends IOException {

  private static final JsonFactory JSON = new JsonFactory();

  private final int code;
  private final String reason;

  StatusException(int code, String reason, String message) {
    super(message == null || message.isEmpty() ? "HTTP " + code : message);
    this.code = code;
    this.reason = reason == null ? "" : reason;
  }

  int code() {
    return code;
  }

  String reason() {
    return reason;
  }

  /** 410 Gone / Expired: the requested resourceVersion is no longer available. */
  boolean expired() {
    return code == 410 || reason.equals("Expired") || reason.equals("Gone");
  }

  /** From a response's status code and body (a Status object, if the server sent one). */
  static StatusException fromResponse(int code, byte[] body) {
    StatusException parsed = parseStatus(body, 0, body == null ? 0 : body.length);
    if (parsed == null) {
      String text = body == null ? "" : new String(body, java.nio.charset.StandardCharsets.UTF_8);
      return new StatusException(code, "", "HTTP " + code + (text.isBlank() ? "" : ": " + text));
    }
    return new StatusException(
        parsed.code == 0 ? code : parsed.code, parsed.reason, parsed.getMessage());
  }

  /** Parses a Status object from {@code bytes[off, off+len)}; null if it is not one. */
  static StatusException parseStatus(byte[] bytes, int off, int len) {
    if (bytes == null || len == 0) {
      return null;
    }
    try (JsonParser p = JSON.createParser(bytes, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      return readStatus(p);
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads a Status object whose START_OBJECT {@code p} is at. */
  static StatusException readStatus(JsonParser p) throws IOException {
    int code = 0;
    String reason = "";
    String message = "";
    String kind = "";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "code" -> code = value.isNumeric() ? p.getIntValue() : 0;
        case "reason" -> reason = value == JsonToken.VALUE_STRING ? p.getText() : "";
        case "message" -> message = value == JsonToken.VALUE_STRING ? p.getText() : "";
        case "kind" -> kind = value == JsonToken.VALUE_STRING ? p.getText() : "";
        default -> p.skipChildren();
      }
    }
    if (!kind.equals("Status") && code == 0) {
      return null;
    }
    return new StatusException(code, reason, message);
  }
}
