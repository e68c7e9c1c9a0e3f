package io.kubeloop.apiserver.security;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * PEM encoding of certificates and private keys. EC keys are written in SEC 1 form ({@code BEGIN EC
 * PRIVATE KEY}), the form kubeadm writes: Go's {@code tls.X509KeyPair}, OpenSSL, Vert.x and Fabric8
 * all read it, while Fabric8 cannot read an EC key in PKCS #8 form. Reading accepts SEC 1, PKCS #1
 * and unencrypted PKCS #8.
 */
final class Pem {

  private Pem() {}

  static String encode(X509Certificate certificate) {
    return write(certificate);
  }

  /**
   * A private key as PEM. An EC key is written as OpenSSL writes it: the SEC 1 structure with the
   * curve's name and the public key, which Go, OpenSSL and BouncyCastle-based readers (Fabric8)
   * need; the JDK's own encoding leaves both out of the inner structure.
   */
  static String encodePrivateKey(PrivateKey key, PublicKey publicKey) {
    if (!(key instanceof ECPrivateKey ec)) {
      return write(key);
    }
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
    ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
    SubjectPublicKeyInfo publicInfo = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded());
    org.bouncycastle.asn1.sec.ECPrivateKey sec1 =
        new org.bouncycastle.asn1.sec.ECPrivateKey(
            ec.getParams().getOrder().bitLength(), ec.getS(), publicInfo.getPublicKeyData(), curve);
    try {
      return write(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String write(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The first certificate in {@code pem}. */
  static X509Certificate readCertificate(String pem) {
    Object object = readFirst(pem);
    if (!(object instanceof X509CertificateHolder holder)) {
      throw new IllegalArgumentException("no CERTIFICATE block found");
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new IllegalArgumentException("unreadable certificate: " + e.getMessage(), e);
    }
  }

  /** The first private key in {@code pem}. */
  static PrivateKey readPrivateKey(String pem) {
    Object object = readFirst(pem);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      if (object instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable private key: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("no unencrypted PRIVATE KEY block found");
  }

  private static Object readFirst(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      return parser.readObject();
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed PEM: " + e.getMessage(), e);
    }
  }
}
