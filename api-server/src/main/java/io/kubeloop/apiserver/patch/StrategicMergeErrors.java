package io.kubeloop.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.kubeloop.apiserver.errors.ApiException;

/**
 * The errors of kube's strategic merge patch with the statuses kube-apiserver sends for them
 * ({@code interpretStrategicMergePatchError} in the patch handler): the {@code mergepatch} format
 * errors are 400 BadRequest, lists of lists 422 Invalid with the generic message, and every other
 * error is a plain Go error, which the API server turns into a 500 with no reason and the error
 * text as the message (e.g. {@code map: map[image:nginx] does not contain declared merge key:
 * name}).
 */
final class StrategicMergeErrors {

  static final String BAD_PRIMITIVE_LIST = "invalid patch format of primitive list";
  static final String BAD_RETAIN_KEYS = "invalid patch format of retainKeys";
  static final String BAD_SET_ELEMENT_ORDER = "invalid patch format of setElementOrder list";
  static final String UNSUPPORTED = "strategic merge patch format is not supported";
  static final String REJECTED = "the server rejected our request due to an error in our request";
  static final String PANICKED =
      "This request caused apiserver to panic. Look in the logs for details.";

  private StrategicMergeErrors() {}

  /** One of {@code mergepatch}'s format errors: 400. */
  static ApiException badRequest(String message) {
    return ApiException.badRequest(message);
  }

  /** {@code ErrNoListOfLists}: 422 with the generic message, as kube sends it. */
  static ApiException listOfLists() {
    return ApiException.of(422, "Invalid", REJECTED, new StatusDetails());
  }

  /** A plain Go error: 500, no reason, the error text as the message. */
  static ApiException failed(String message) {
    return ApiException.of(500, null, message, null);
  }

  static ApiException panicked() {
    return ApiException.of(500, "InternalError", PANICKED, null);
  }

  /** {@code mergepatch.ErrNoMergeKey}. */
  static ApiException noMergeKey(JsonNode map, String mergeKey) {
    return failed("map: " + GoValues.v(map) + " does not contain declared merge key: " + mergeKey);
  }

  /** {@code mergepatch.ErrBadArgType}; {@code expected} is a Go type name. */
  static ApiException badArgType(GoValues.Type expected, JsonNode actual) {
    return failed(
        "expected a " + expected.goName + ", but received a " + GoValues.typeName(actual));
  }

  /** {@code mergepatch.ErrBadPatchType}: an unknown {@code $patch} value. */
  static ApiException badPatchType(JsonNode directive, JsonNode map) {
    return failed("unknown patch type: " + GoValues.s(directive) + " in map: " + GoValues.v(map));
  }
}
