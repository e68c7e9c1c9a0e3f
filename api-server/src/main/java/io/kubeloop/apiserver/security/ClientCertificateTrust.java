package io.kubeloop.apiserver.security;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS server's trust decision for client certificates, made as kube-apiserver makes it ({@code
 * tls.RequestClientCert}): the handshake names the cluster CA as the acceptable issuer and accepts
 * whatever certificate the client presents, once the client has proven it holds the private key
 * (the TLS stack checks that signature regardless). Whether the certificate identifies anyone is
 * decided per request by {@link X509Authenticator}, which verifies it against the CA.
 *
 * <p>Deciding in the authenticator rather than in the handshake is what clients observe from
 * Kubernetes: a stale or foreign certificate sent together with a valid bearer token still gets in,
 * and one sent alone gets an HTTP 401 {@code Unauthorized} (on which client-go refreshes
 * exec-plugin credentials) instead of a TLS alert. Consequently nothing may treat a connection's
 * peer certificates as verified without going through the authenticator.
 *
 * <p>Immutable and thread-safe.
 */
final class ClientCertificateTrust extends X509ExtendedTrustManager {

  private final X509Certificate[] acceptedIssuers;

  ClientCertificateTrust(X509Certificate ca) {
    this.acceptedIssuers = new X509Certificate[] {ca};
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("empty client certificate chain");
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("this trust manager only checks client certificates");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return acceptedIssuers.clone();
  }
}
