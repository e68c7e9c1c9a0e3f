package io.kubeloop.apiserver.security;

import io.kubeloop.apiserver.errors.ApiException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Asks each authenticator in turn and returns the first user found, as kube-apiserver's union
 * authenticator does: a rejected credential (401 from one authenticator) does not stop the others,
 * so a request with a stale client certificate and a good token still gets in. When no
 * authenticator finds a user, the first rejection is rethrown; when none saw a credential, the
 * result is empty.
 *
 * <p>Thread-safe when its members are.
 */
final class UnionAuthenticator implements Authenticator {

  private final List<Authenticator> members;

  UnionAuthenticator(List<Authenticator> members) {
    this.members = List.copyOf(members);
  }

  @Override
  public Optional<UserInfo> authenticate(
      List<X509Certificate> peerCertificates, String authorization) {
    ApiException rejection = null;
    for (Authenticator member : members) {
      try {
        Optional<UserInfo> user = member.authenticate(peerCertificates, authorization);
        if (user.isPresent()) {
          return user;
        }
      } catch (ApiException e) {
        if (rejection == null) {
          rejection = e;
        }
      }
    }
    if (rejection != null) {
      throw rejection;
    }
    return Optional.empty();
  }
}
