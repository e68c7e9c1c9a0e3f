package io.kubeloop.apiserver.errors;

import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import java.util.List;

/**
 * The API server's one exception type: it carries the {@code Status} object the client receives and
 * the HTTP code it is sent with. The factories produce kube-apiserver's reasons and wording, so
 * clients that match on either keep working.
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Status status;

  private ApiException(Status status) {
    super(status.getMessage());
    this.status = status;
  }

  /** The {@code Status} to send; callers must not modify it. */
  public Status status() {
    return status;
  }

  public int code() {
    return status.getCode();
  }

  public String reason() {
    return status.getReason();
  }

  /** An exception for an arbitrary status, e.g. one injected by a test. */
  public static ApiException of(int code, String reason, String message, StatusDetails details) {
    Status status = new Status();
    status.setApiVersion("v1");
    status.setKind("Status");
    status.setMetadata(new ListMeta());
    status.setStatus("Failure");
    status.setCode(code);
    status.setReason(reason);
    status.setMessage(message);
    status.setDetails(details);
    return new ApiException(status);
  }

  private static StatusDetails details(GroupResource resource, String name) {
    StatusDetails details = new StatusDetails();
    details.setName(name);
    details.setGroup(resource.group().isEmpty() ? null : resource.group());
    details.setKind(resource.resource());
    return details;
  }

  public static ApiException badRequest(String message) {
    return of(400, "BadRequest", message, null);
  }

  public static ApiException unauthorized(String message) {
    return of(401, "Unauthorized", message, null);
  }

  /** 403: {@code pods "x" is forbidden: why}. */
  public static ApiException forbidden(GroupResource resource, String name, String why) {
    String subject =
        name == null || name.isEmpty() ? resource.toString() : resource + " \"" + name + "\"";
    return of(403, "Forbidden", subject + " is forbidden: " + why, details(resource, name));
  }

  /** 404: {@code deployments.apps "x" not found}. */
  public static ApiException notFound(GroupResource resource, String name) {
    return of(404, "NotFound", resource + " \"" + name + "\" not found", details(resource, name));
  }

  /** 404 for a path that names no resource at all. */
  public static ApiException notFoundPath() {
    return of(404, "NotFound", "the server could not find the requested resource", null);
  }

  public static ApiException methodNotAllowed() {
    return of(
        405,
        "MethodNotAllowed",
        "the server does not allow this method on the requested resource",
        null);
  }

  public static ApiException notAcceptable(String message) {
    return of(406, "NotAcceptable", message, null);
  }

  public static ApiException alreadyExists(GroupResource resource, String name) {
    return of(
        409,
        "AlreadyExists",
        resource + " \"" + name + "\" already exists",
        details(resource, name));
  }

  /** 409 for a stale resourceVersion or a precondition that no longer holds. */
  public static ApiException conflict(GroupResource resource, String name, String why) {
    return of(
        409,
        "Conflict",
        "Operation cannot be fulfilled on " + resource + " \"" + name + "\": " + why,
        details(resource, name));
  }

  /** The conflict every client knows: an update carried an outdated resourceVersion. */
  public static ApiException staleResourceVersion(GroupResource resource, String name) {
    return conflict(
        resource,
        name,
        "the object has been modified; please apply your changes to the latest version and try again");
  }

  /** 410 Expired: a watch or list asked for history that is no longer kept. */
  public static ApiException expired(String message) {
    return of(410, "Expired", message, null);
  }

  public static ApiException gone(String message) {
    return of(410, "Gone", message, null);
  }

  public static ApiException requestEntityTooLarge(String message) {
    return of(413, "RequestEntityTooLarge", message, null);
  }

  public static ApiException unsupportedMediaType(String message) {
    return of(415, "UnsupportedMediaType", message, null);
  }

  /** 422 with one cause per field: {@code Pod "x" is invalid: [a, b]}. */
  public static ApiException invalid(
      String kind, String group, String name, List<FieldError> errors) {
    StatusDetails details = new StatusDetails();
    details.setName(name);
    details.setGroup(group == null || group.isEmpty() ? null : group);
    details.setKind(kind);
    List<StatusCause> causes = errors.stream().map(FieldError::toCause).toList();
    details.setCauses(causes);
    String subject = kind + " \"" + (name == null ? "" : name) + "\"";
    return of(422, "Invalid", subject + " is invalid: " + FieldError.aggregate(errors), details);
  }

  /** 429 with a retry hint, as the API server sends under load. */
  public static ApiException tooManyRequests(String message, int retryAfterSeconds) {
    StatusDetails details = new StatusDetails();
    details.setRetryAfterSeconds(retryAfterSeconds);
    return of(429, "TooManyRequests", message, details);
  }

  public static ApiException internalError(String message) {
    return of(500, "InternalError", "Internal error occurred: " + message, null);
  }

  /** 504: the server could not answer in time (e.g. a resourceVersion from the future). */
  public static ApiException serverTimeout(String message, int retryAfterSeconds) {
    StatusDetails details = new StatusDetails();
    details.setRetryAfterSeconds(retryAfterSeconds);
    return of(504, "Timeout", message, details);
  }
}
