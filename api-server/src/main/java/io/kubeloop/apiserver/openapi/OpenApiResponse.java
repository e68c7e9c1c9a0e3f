package io.kubeloop.apiserver.openapi;

import java.util.Map;
import java.util.Objects;

/**
 * An HTTP response to send as it is.
 *
 * @param status e.g. 200, 304, 301, 404, 406
 * @param contentType the Content-Type header, or null when there is no body
 * @param headers further headers (ETag, Cache-Control, Expires, Vary, Last-Modified, Location)
 * @param body the body; empty for 304 and 301
 */
public record OpenApiResponse(
    int status, String contentType, Map<String, String> headers, byte[] body) {

  public OpenApiResponse {
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }
}
