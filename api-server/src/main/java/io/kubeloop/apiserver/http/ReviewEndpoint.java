package io.kubeloop.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.authorization.AccessReviews;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.security.UserInfo;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * The HTTP side of the {@code authorization.k8s.io} reviews: create only (POST on the collection),
 * body in JSON, YAML or protobuf, answer 201 in the negotiated encoding.
 */
final class ReviewEndpoint {

  private ReviewEndpoint() {}

  static void serve(
      HttpServerRequest request,
      AccessReviews reviews,
      AccessReviews.Review review,
      RequestInfo info,
      byte[] body,
      MediaTypes media,
      UserInfo user) {
    if (!info.name().isEmpty() || !info.subresource().isEmpty()) {
      throw ApiException.notFoundPath();
    }
    if (review.namespaced() == info.namespace().isEmpty()) {
      throw ApiException.notFoundPath();
    }
    if (request.method() != HttpMethod.POST) {
      throw ApiException.methodNotAllowed();
    }
    ObjectNode posted = MediaTypes.readObject(body, request.getHeader("Content-Type"), true);
    ObjectNode answered = reviews.create(review, info.namespace(), posted, user);
    Responses.send(request.response(), 201, media, Json.write(answered));
  }
}
