package io.kubeloop.apiserver.security;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A certificate and its private key, as issued by the {@link CertificateAuthority}. Immutable;
 * {@link #toString()} names the subject and never shows the key.
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {

  /** The certificate as one PEM {@code CERTIFICATE} block. */
  public String certificatePem() {
    return Pem.encode(certificate);
  }

  /** The private key as PEM ({@code EC PRIVATE KEY}); keep it secret. */
  public String privateKeyPem() {
    return Pem.encodePrivateKey(privateKey, certificate.getPublicKey());
  }

  @Override
  public String toString() {
    return "IssuedCertificate[subject="
        + certificate.getSubjectX500Principal()
        + ", notAfter="
        + certificate.getNotAfter().toInstant()
        + "]";
  }
}
