package io.kubeloop.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.protobuf.ProtobufBodies;
import io.kubeloop.apiserver.resource.ResourceType;
import java.util.Locale;

/** Content negotiation: which of the server's encodings a request's Accept header allows. */
enum MediaTypes {
  JSON("application/json"),
  YAML("application/yaml");

  final String contentType;

  MediaTypes(String contentType) {
    this.contentType = contentType;
  }

  /**
   * The encoding for a response. JSON wins where several are acceptable; an Accept header that
   * allows neither JSON nor YAML (e.g. protobuf only) gets 406.
   */
  static MediaTypes negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return JSON;
    }
    boolean yaml = false;
    for (String range : accept.split(",")) {
      String[] parts = range.trim().split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      switch (type) {
        case "application/json",
            "application/*",
            "*/*",
            "application/json-patch+json",
            "application/merge-patch+json",
            "application/strategic-merge-patch+json" -> {
          return JSON;
        }
        case "application/yaml", "text/yaml", "application/apply-patch+yaml" -> yaml = true;
        default -> {}
      }
    }
    if (yaml) {
      return YAML;
    }
    throw ApiException.notAcceptable(
        "only the following media types are accepted: application/json, application/yaml");
  }

  /** Whether a request body of this Content-Type is YAML (JSON otherwise). */
  static boolean isYamlBody(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    return type.equals("application/yaml")
        || type.equals("text/yaml")
        || type.equals("application/apply-patch+yaml");
  }

  /** Checks the Content-Type of a create or update body: JSON or YAML, else 415. */
  static boolean requireObjectBody(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return false;
    }
    String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    return switch (type) {
      case "application/json" -> false;
      case "application/yaml", "text/yaml" -> true;
      default ->
          throw ApiException.unsupportedMediaType(
              "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml");
    };
  }

  /**
   * Reads an object body (create, update, a subresource's object, delete options) in its
   * Content-Type: JSON, YAML, or kube's protobuf where {@code protobuf} allows it (built-in types
   * only, as in kube: custom resources have no protobuf form). Anything else is 415.
   */
  static ObjectNode readObject(byte[] body, String contentType, boolean protobuf) {
    if (ProtobufBodies.isProtobuf(contentType)) {
      if (!protobuf) {
        throw ApiException.unsupportedMediaType(
            "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml");
      }
      return ProtobufBodies.decode(body);
    }
    if (protobuf && contentType != null && !contentType.isBlank()) {
      String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
      if (!type.equals("application/json")
          && !type.equals("application/yaml")
          && !type.equals("text/yaml")) {
        throw ApiException.unsupportedMediaType(
            "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf");
      }
    }
    return Json.readObject(body, requireObjectBody(contentType));
  }

  /** {@link #readObject(byte[], String, boolean)} for the objects of a resource. */
  static ObjectNode readObject(byte[] body, String contentType, ResourceType type) {
    return readObject(body, contentType, type.javaType() != null);
  }
}
