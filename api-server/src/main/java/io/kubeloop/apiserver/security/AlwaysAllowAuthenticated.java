package io.kubeloop.apiserver.security;

/**
 * Allows every request of an authenticated user and has no opinion on anyone else. Stands in for
 * RBAC; see {@link Authorizer#alwaysAllowAuthenticated()}.
 */
final class AlwaysAllowAuthenticated implements Authorizer {

  static final AlwaysAllowAuthenticated INSTANCE = new AlwaysAllowAuthenticated();

  private AlwaysAllowAuthenticated() {}

  @Override
  public Decision authorize(AuthorizationAttributes attributes) {
    if (attributes.user().inGroup(UserInfo.AUTHENTICATED_GROUP)) {
      return Decision.allow("");
    }
    return Decision.noOpinion("");
  }
}
