package io.kubeloop.apiserver.security;

import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.GroupResource;
import java.util.Objects;
import java.util.Set;

/**
 * What a request wants to do, as Kubernetes' {@code authorizer.Attributes} describe it. A resource
 * request names a verb ({@code get}, {@code list}, {@code watch}, {@code create}, {@code update},
 * {@code patch}, {@code delete}, {@code deletecollection}, ...), an API group ({@code ""} for the
 * core group), a resource, maybe a subresource, namespace and name. A non-resource request ( {@code
 * /healthz}, {@code /version}, {@code /apis}) names a lower-case HTTP verb and the path. Absent
 * strings are {@code ""}.
 */
public record AuthorizationAttributes(
    UserInfo user,
    String verb,
    boolean resourceRequest,
    String apiGroup,
    String resource,
    String subresource,
    String namespace,
    String name,
    String path) {

  private static final Set<String> READ_ONLY_VERBS = Set.of("get", "list", "watch");

  public AuthorizationAttributes {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(verb, "verb");
    apiGroup = Objects.requireNonNullElse(apiGroup, "");
    resource = Objects.requireNonNullElse(resource, "");
    subresource = Objects.requireNonNullElse(subresource, "");
    namespace = Objects.requireNonNullElse(namespace, "");
    name = Objects.requireNonNullElse(name, "");
    path = Objects.requireNonNullElse(path, "");
  }

  /** A request on a resource: {@code namespace} is {@code ""} for cluster-scoped ones. */
  public static AuthorizationAttributes resource(
      UserInfo user,
      String verb,
      String apiGroup,
      String resource,
      String subresource,
      String namespace,
      String name) {
    return new AuthorizationAttributes(
        user, verb, true, apiGroup, resource, subresource, namespace, name, "");
  }

  /** A request on a path that is no resource, e.g. {@code get /version}. */
  public static AuthorizationAttributes nonResource(UserInfo user, String verb, String path) {
    return new AuthorizationAttributes(user, verb, false, "", "", "", "", "", path);
  }

  /** Whether the verb only reads ({@code get}, {@code list}, {@code watch}). */
  public boolean readOnly() {
    return READ_ONLY_VERBS.contains(verb);
  }

  /**
   * The 403 kube-apiserver sends when this request is not allowed, e.g. {@code pods "x" is
   * forbidden: User "bob" cannot get resource "pods" in API group "" in the namespace "default"},
   * followed by {@code ": " + reason} when the reason is not empty.
   */
  public ApiException forbidden(String reason) {
    String message = describeRefusal();
    if (reason != null && !reason.isEmpty()) {
      message = message + ": " + reason;
    }
    if (!resourceRequest) {
      return ApiException.of(403, "Forbidden", "forbidden: " + message, null);
    }
    return ApiException.forbidden(new GroupResource(apiGroup, resource), name, message);
  }

  private String describeRefusal() {
    String who = "User " + quote(user.name()) + " cannot " + verb;
    if (!resourceRequest) {
      return who + " path " + quote(path);
    }
    String what = subresource.isEmpty() ? resource : resource + "/" + subresource;
    String where =
        namespace.isEmpty() ? "at the cluster scope" : "in the namespace " + quote(namespace);
    return who + " resource " + quote(what) + " in API group " + quote(apiGroup) + " " + where;
  }

  /** Go's {@code %q} for the characters names can hold. */
  private static String quote(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
