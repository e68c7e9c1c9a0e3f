package io.kubeloop.apiserver.security;

/**
 * Allows every request of an authenticated user and has no opinion on anyone else. Stands in for
 * RBAC; see {@link Authorizer#alwaysAllowAuthenticated()}.
 */
final class AlwaysAllowAuthenticated implements Authorizer, RuleResolver {

  private static final Rules EVERYTHING =
      new Rules(
          java.util.List.of(
              new ResourceRule(
                  java.util.List.of("*"),
                  java.util.List.of("*"),
                  java.util.List.of("*"),
                  java.util.List.of())),
          java.util.List.of(new NonResourceRule(java.util.List.of("*"), java.util.List.of("*"))),
          false,
          "");

  static final AlwaysAllowAuthenticated INSTANCE = new AlwaysAllowAuthenticated();

  private AlwaysAllowAuthenticated() {}

  @Override
  public Decision authorize(AuthorizationAttributes attributes) {
    if (attributes.user().inGroup(UserInfo.AUTHENTICATED_GROUP)) {
      return Decision.allow("");
    }
    return Decision.noOpinion("");
  }

  /** Everything for an authenticated user, as kube's AlwaysAllow lists it; nothing for others. */
  @Override
  public Rules rulesFor(UserInfo user, String namespace) {
    return user.inGroup(UserInfo.AUTHENTICATED_GROUP) ? EVERYTHING : Rules.NONE;
  }
}
