package io.kubeloop.apiserver.security;

import io.kubeloop.apiserver.errors.ApiException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Finds out who sent a request from its credentials: the client certificate chain the TLS layer
 * received and the {@code Authorization} header.
 *
 * <p>The three outcomes follow kube-apiserver's authenticators:
 *
 * <ul>
 *   <li>a user: the request carried a credential this authenticator accepts;
 *   <li>empty: the request carried no credential this authenticator understands (no certificate, no
 *       {@code Bearer} header). The HTTP layer answers 401 when every authenticator says so;
 *   <li>{@link ApiException} 401 {@code Unauthorized}: the request carried a credential of this
 *       kind and it is not valid (unknown token, certificate from another CA, expired). The HTTP
 *       layer sends the exception's {@code Status}.
 * </ul>
 *
 * <p>Implementations are thread-safe and do not block on I/O, so they may be called from a Vert.x
 * event loop.
 */
public interface Authenticator {

  /**
   * Authenticates one request.
   *
   * @param peerCertificates the client's certificate chain, leaf first, as the TLS layer received
   *     it (possession of the key proven, the chain not yet verified); empty for plain HTTP or when
   *     the client sent no certificate
   * @param authorization the {@code Authorization} header, or {@code null} when absent
   * @throws ApiException 401 when a presented credential is rejected
   */
  Optional<UserInfo> authenticate(List<X509Certificate> peerCertificates, String authorization);

  /**
   * Authenticates a Vert.x request: takes the peer certificates from its connection (HTTP/1.1 and
   * HTTP/2 alike) and its {@code Authorization} header.
   *
   * @throws ApiException 401 when a presented credential is rejected
   */
  default Optional<UserInfo> authenticate(HttpServerRequest request) {
    return authenticate(peerCertificates(request), request.getHeader(HttpHeaders.AUTHORIZATION));
  }

  /** The client certificates of the request's TLS connection; empty when there are none. */
  private static List<X509Certificate> peerCertificates(HttpServerRequest request) {
    if (!request.isSSL()) {
      return List.of();
    }
    List<Certificate> chain;
    try {
      chain = request.connection().peerCertificates();
    } catch (SSLPeerUnverifiedException noClientCertificate) {
      return List.of();
    }
    if (chain == null) {
      return List.of();
    }
    List<X509Certificate> x509 = new ArrayList<>(chain.size());
    for (Certificate certificate : chain) {
      if (certificate instanceof X509Certificate c) {
        x509.add(c);
      }
    }
    return x509;
  }
}
