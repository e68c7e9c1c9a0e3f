package io.kubeloop.apiserver.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes response bodies in the negotiated encoding. */
final class Responses {

  private Responses() {}

  /** Sends JSON bytes as they are, or converted to YAML if that was negotiated. */
  static void send(HttpServerResponse response, int code, MediaTypes media, byte[] json) {
    if (response.ended() || response.closed()) {
      return;
    }
    byte[] body = media == MediaTypes.YAML ? toYaml(json) : json;
    response
        .setStatusCode(code)
        .putHeader("Content-Type", media.contentType)
        .putHeader("Cache-Control", "no-cache, private")
        .end(Buffer.buffer(body));
  }

  static void sendStatus(HttpServerResponse response, ApiException error, MediaTypes media) {
    if (response.ended() || response.closed()) {
      return;
    }
    var details = error.status().getDetails();
    if (details != null && details.getRetryAfterSeconds() != null) {
      response.putHeader("Retry-After", Integer.toString(details.getRetryAfterSeconds()));
    }
    send(response, error.code(), media, Json.write(error.status()));
  }

  /** Adds one {@code Warning} header per message, in kube's {@code 299 - "text"} form. */
  static void warn(HttpServerResponse response, List<String> warnings) {
    for (String warning : warnings) {
      response.headers().add("Warning", "299 - \"" + warning.replace("\"", "\\\"") + "\"");
    }
  }

  private static byte[] toYaml(byte[] json) {
    try {
      JsonNode tree = Json.MAPPER.readTree(json);
      return Json.YAML.writeValueAsBytes(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
