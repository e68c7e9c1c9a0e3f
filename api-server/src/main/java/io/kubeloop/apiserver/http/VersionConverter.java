package io.kubeloop.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.resource.ResourceType;

/**
 * Converts between the version a request names and the version objects are stored in. Custom
 * resources with conversion strategy None differ only in apiVersion, so that is all it rewrites;
 * when both versions are the same it passes bytes through untouched.
 */
final class VersionConverter {

  private final ResourceType requested;
  private final ResourceType storage;

  VersionConverter(ResourceType requested, ResourceType storage) {
    this.requested = requested;
    this.storage = storage;
  }

  boolean identity() {
    return requested.version().equals(storage.version());
  }

  ResourceType requested() {
    return requested;
  }

  /** A stored object as the client asked for it. */
  byte[] out(byte[] json) {
    if (identity()) {
      return json;
    }
    return Json.write(out(Json.readStored(json)));
  }

  ObjectNode out(ObjectNode object) {
    if (!identity()) {
      object.put("apiVersion", requested.apiVersion());
    }
    return object;
  }

  /** A request body in the requested version, converted to the storage version. */
  ObjectNode in(ObjectNode body) {
    if (identity()) {
      return body;
    }
    String apiVersion = body.path("apiVersion").asText("");
    if (!apiVersion.isEmpty() && !apiVersion.equals(requested.apiVersion())) {
      throw ApiException.badRequest(
          "the API version in the data ("
              + apiVersion
              + ") does not match the expected API version ("
              + requested.apiVersion()
              + ")");
    }
    body.put("apiVersion", storage.apiVersion());
    return body;
  }
}
