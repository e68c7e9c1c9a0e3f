package io.kubeloop.apiserver.security;

/**
 * Decides whether an authenticated request may proceed (kube-apiserver's {@code
 * authorizer.Authorizer}). The HTTP layer calls it after authentication and answers 403 with {@link
 * AuthorizationAttributes#forbidden(String)} unless the decision is {@link Decision.Verdict#ALLOW};
 * "no opinion" from every authorizer means forbidden too.
 *
 * <p>Implementations are thread-safe and do not block on I/O.
 */
@FunctionalInterface
public interface Authorizer {

  Decision authorize(AuthorizationAttributes attributes);

  /**
   * The default until RBAC exists: every authenticated user (a member of {@value
   * UserInfo#AUTHENTICATED_GROUP}) may do everything; anyone else gets no opinion.
   */
  static Authorizer alwaysAllowAuthenticated() {
    return AlwaysAllowAuthenticated.INSTANCE;
  }
}
