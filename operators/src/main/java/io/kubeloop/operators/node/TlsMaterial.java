package io.kubeloop.operators.node;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The log server's TLS: its serving certificate (self-signed like a kubelet's default one, or given
 * as PEM) and the CAs whose client certificates it accepts.
 */
final class TlsMaterial {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] NO_PASSWORD = new char[0];

  private TlsMaterial() {}

  /** A certificate and its key. */
  record Identity(X509Certificate certificate, PrivateKey key) {}

  /**
   * A self-signed serving certificate for {@code names} (host names and IP addresses), ECDSA P-256,
   * valid for a year, as the kubelet makes {@code <host>@<time>} certificates.
   */
  static Identity selfSigned(String commonName, Collection<String> names, Instant now) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      KeyPair keys = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=" + commonName + "@" + now.getEpochSecond());
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(127, RANDOM),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(Duration.ofDays(365))),
              subject,
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      List<GeneralName> alt = new ArrayList<>();
      for (String name : new LinkedHashSet<>(names)) {
        alt.add(
            isIp(name)
                ? new GeneralName(GeneralName.iPAddress, name)
                : new GeneralName(GeneralName.dNSName, name));
      }
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(alt.toArray(GeneralName[]::new)));
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
      return new Identity(certificate, keys.getPrivate());
    } catch (GeneralSecurityException
        | org.bouncycastle.operator.OperatorCreationException
        | org.bouncycastle.cert.CertIOException e) {
      throw new IllegalStateException("cannot create a serving certificate", e);
    }
  }

  /** A certificate and key given as PEM (PKCS#8, EC or RSA keys). */
  static Identity fromPem(String certificatePem, String keyPem) {
    List<X509Certificate> certificates = certificates(certificatePem);
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no certificate in the given PEM");
    }
    try (PEMParser parser = new PEMParser(new StringReader(keyPem))) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      PrivateKey key;
      if (object instanceof PEMKeyPair pair) {
        key = converter.getKeyPair(pair).getPrivate();
      } else if (object instanceof PrivateKeyInfo info) {
        key = converter.getPrivateKey(info);
      } else {
        throw new IllegalArgumentException("no private key in the given PEM");
      }
      return new Identity(certificates.get(0), key);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the private key: " + e.getMessage(), e);
    }
  }

  /** Every certificate in a PEM text. */
  static List<X509Certificate> certificates(String pem) {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> out = new ArrayList<>();
      for (var c :
          factory.generateCertificates(
              new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        out.add((X509Certificate) c);
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read certificates: " + e.getMessage(), e);
    }
  }

  /**
   * A server context presenting {@code identity}; with {@code clientCas}, client certificates are
   * verified against them.
   */
  static SSLContext serverContext(Identity identity, List<X509Certificate> clientCas) {
    try {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry(
          "serving", identity.key(), NO_PASSWORD, new X509Certificate[] {identity.certificate()});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, NO_PASSWORD);
      TrustManagerFactory tmf = null;
      if (!clientCas.isEmpty()) {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (X509Certificate ca : clientCas) {
          trust.setCertificateEntry("ca-" + i++, ca);
        }
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), RANDOM);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** The names a node's serving certificate is for. */
  static Set<String> servingNames(String nodeName, String hostname, String ip) {
    Set<String> names = new LinkedHashSet<>();
    names.add(hostname);
    names.add(nodeName);
    names.add("localhost");
    names.add(ip);
    names.add("127.0.0.1");
    return names;
  }

  private static boolean isIp(String name) {
    if (name.contains(":")) {
      return true;
    }
    if (!name.matches("[0-9.]+")) {
      return false;
    }
    try {
      InetAddress.getByName(name);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
