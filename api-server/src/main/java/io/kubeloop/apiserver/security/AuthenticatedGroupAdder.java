package io.kubeloop.apiserver.security;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Adds {@value UserInfo#AUTHENTICATED_GROUP} to every user another authenticator finds, unless the
 * user already has it or {@code system:unauthenticated} (kube-apiserver's {@code
 * AuthenticatedGroupAdder}).
 *
 * <p>Thread-safe when the wrapped authenticator is.
 */
final class AuthenticatedGroupAdder implements Authenticator {

  private static final String UNAUTHENTICATED_GROUP = "system:unauthenticated";

  private final Authenticator delegate;

  AuthenticatedGroupAdder(Authenticator delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<UserInfo> authenticate(
      List<X509Certificate> peerCertificates, String authorization) {
    return delegate
        .authenticate(peerCertificates, authorization)
        .map(
            user ->
                user.inGroup(UNAUTHENTICATED_GROUP)
                    ? user
                    : user.withGroup(UserInfo.AUTHENTICATED_GROUP));
  }
}
