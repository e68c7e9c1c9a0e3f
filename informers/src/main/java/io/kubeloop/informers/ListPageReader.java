package io.kubeloop.informers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads a LIST response ({@code {"kind":...,"metadata":{"resourceVersion":...,"continue":...},
 * "items":[...]}}) item by item without building objects. The list metadata is reported as soon as
 * it is read (kube writes it before the items), so the reflector can ask for the next page while it
 * still stores this one.
 *
 * <p>Not thread-safe: used by one reflector thread.
 */
final class ListPageReader {

  /** Receives what a page holds, in order. */
  interface PageHandler {
    /** The list metadata; {@code continueToken} is "" on the last page. */
    void head(String resourceVersion, String continueToken) throws IOException;

    /** One item; the scanner holds it. */
    void item(ObjectScanner item) throws IOException;
  }

  private final ObjectScanner scanner;

  ListPageReader(ObjectScanner scanner) {
    this.scanner = scanner;
  }

  /** Reads {@code body}; returns the number of items. */
  int read(byte[] body, PageHandler handler) throws IOException {
    int items = 0;
    boolean headSent = false;
    String resourceVersion = null;
    String continueToken = "";
    try (JsonParser p = FrameReader.JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("list response is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("metadata") && value == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String m = p.currentName();
            JsonToken v = p.nextToken();
            if (m.equals("resourceVersion") && v == JsonToken.VALUE_STRING) {
              resourceVersion = p.getText();
            } else if (m.equals("continue") && v == JsonToken.VALUE_STRING) {
              continueToken = p.getText();
            } else {
              p.skipChildren();
            }
          }
        } else if (field.equals("items") && value == JsonToken.START_ARRAY) {
          if (resourceVersion != null) {
            handler.head(resourceVersion, continueToken);
            headSent = true;
          }
          JsonToken t;
          while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            scanner.scan(p, body, 0);
            handler.item(scanner);
            items++;
          }
          if (t != JsonToken.END_ARRAY) {
            throw new IOException("list items must be objects");
          }
        } else {
          p.skipChildren();
        }
      }
    }
    if (!headSent) {
      if (resourceVersion == null) {
        throw new IOException("list response without metadata.resourceVersion");
      }
      handler.head(resourceVersion, continueToken);
    }
    return items;
  }
}
