package io.kubeloop.apiserver.security;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's certificate authority: a self-signed ECDSA P-256 certificate and its key. It signs
 * the API server's serving certificate and client certificates; the API server trusts every client
 * certificate it signed, taking the subject's common name as the user name and each organization as
 * a group.
 *
 * <p>ECDSA P-256 with SHA-256 is understood by every client that matters: Go's TLS stack (kubectl,
 * client-go, back to Go 1.x of kubectl 1.20), the JDK, OpenSSL (curl) and Vert.x.
 *
 * <p>Immutable and thread-safe. Certificates start five minutes in the past so that a client whose
 * clock is slightly behind still accepts them.
 */
public final class CertificateAuthority {

  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration BACKDATE = Duration.ofMinutes(5);
  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final PrivateKey key;
  private final Clock clock;

  CertificateAuthority(X509Certificate certificate, PrivateKey key, Clock clock) {
    this.certificate = certificate;
    this.key = key;
    this.clock = clock;
  }

  /** A new self-signed CA named {@code kubeloop-ca@<epoch seconds>}, valid for ten years. */
  static CertificateAuthority generate(Clock clock) {
    KeyPair pair = newKeyPair();
    Instant now = clock.instant();
    X500Name name =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.CN, "kubeloop-ca@" + now.getEpochSecond())
            .build();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  name,
                  serialNumber(),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(now.plus(CA_VALIDITY)),
                  name,
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
              .addExtension(
                  Extension.keyUsage,
                  true,
                  new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(pair.getPublic()));
      return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate(), clock);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create the CA certificate", e);
    }
  }

  /** The CA certificate clients use to verify the API server. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** {@link #certificate()} as PEM. */
  public String certificatePem() {
    return Pem.encode(certificate);
  }

  /**
   * Issues a client certificate for {@code user} in {@code groups}: the API server will
   * authenticate its holder as that user, with those groups and {@code system:authenticated}.
   * Validity ends after {@code validity} or when the CA expires, whichever comes first.
   *
   * @throws IllegalArgumentException when {@code user} is empty or {@code validity} is not positive
   */
  public IssuedCertificate issueClientCertificate(
      String user, List<String> groups, Duration validity) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(groups, "groups");
    if (user.isEmpty()) {
      throw new IllegalArgumentException("user must not be empty");
    }
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException(
          String.format("validity must be positive, was %s", validity));
    }
    X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
    for (int i = 0; i < groups.size(); i++) {
      String group = groups.get(i);
      if (group == null || group.isEmpty()) {
        throw new IllegalArgumentException(String.format("groups[%d] must not be empty", i));
      }
      subject.addRDN(BCStyle.O, group);
    }
    subject.addRDN(BCStyle.CN, user);
    return issue(subject.build(), validity, KeyPurposeId.id_kp_clientAuth, null);
  }

  /** The API server's serving certificate for {@code names} (canonical, see SubjectAltNames). */
  IssuedCertificate issueServingCertificate(Set<String> names, Duration validity) {
    X500Name subject =
        new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "kube-apiserver").build();
    GeneralNames sans = new GeneralNames(SubjectAltNames.toGeneralNames(names));
    return issue(subject, validity, KeyPurposeId.id_kp_serverAuth, sans);
  }

  /** Whether this CA signed {@code leaf}. */
  boolean issued(X509Certificate leaf) {
    if (!leaf.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
      return false;
    }
    try {
      leaf.verify(certificate.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Whether {@code certificate} expires within {@code window} of the clock's now. */
  boolean expiresWithin(X509Certificate leaf, Duration window) {
    return leaf.getNotAfter().toInstant().isBefore(clock.instant().plus(window));
  }

  /** A certificate for {@code subject} with one extended key usage and optional names. */
  IssuedCertificate issue(
      X500Name subject, Duration validity, KeyPurposeId usage, GeneralNames sans) {
    KeyPair pair = newKeyPair();
    Instant now = clock.instant();
    Instant notAfter = now.plus(validity);
    Instant caNotAfter = certificate.getNotAfter().toInstant();
    if (notAfter.isAfter(caNotAfter)) {
      notAfter = caNotAfter;
    }
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  certificate,
                  serialNumber(),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(notAfter),
                  subject,
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(certificate.getPublicKey()));
      if (sans != null) {
        builder.addExtension(Extension.subjectAlternativeName, false, sans);
      }
      return new IssuedCertificate(sign(builder, key), pair.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + subject, e);
    }
  }

  PrivateKey key() {
    return key;
  }

  /** Whether {@code key} is the private half of {@code certificate}'s public key. */
  static boolean keyMatches(PrivateKey key, X509Certificate certificate) {
    PublicKey publicKey = certificate.getPublicKey();
    if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    String algorithm = key.getAlgorithm().equals("EC") ? SIGNATURE_ALGORITHM : "SHA256withRSA";
    try {
      byte[] challenge = new byte[32];
      RANDOM.nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot generate EC P-256 keys", e);
    }
  }

  /** A random positive 127-bit serial: unique in practice and within the 20 octets Go allows. */
  private static BigInteger serialNumber() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }
}
