package io.kubeloop.apiserver.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate files in the PKI directory, created on first start and reused afterwards, in the
 * layout kubeadm uses: {@code ca.crt}/{@code ca.key}, {@code apiserver.crt}/{@code apiserver.key}
 * (serving) and {@code admin.crt}/{@code admin.key} (CN {@code kubernetes-admin}, O {@code
 * system:masters}). Keys are 0600.
 *
 * <p>A serving or admin certificate is issued again when it is missing or unreadable, was not
 * signed by the CA, does not match its key, or expires within {@link #RENEW_BEFORE}; the serving
 * certificate also when its names differ from the configured ones. The CA itself is created only
 * when {@code ca.crt} is missing: an existing but unusable CA is an error, because replacing it
 * would silently invalidate every credential it issued.
 *
 * <p>Not thread-safe; callers hold the directory lock.
 */
final class Pki {

  private static final Logger log = LoggerFactory.getLogger(Pki.class);

  static final String CA_CERT = "ca.crt";
  static final String CA_KEY = "ca.key";
  static final String SERVING_CERT = "apiserver.crt";
  static final String SERVING_KEY = "apiserver.key";
  static final String ADMIN_CERT = "admin.crt";
  static final String ADMIN_KEY = "admin.key";

  static final Duration RENEW_BEFORE = Duration.ofDays(30);
  static final Duration LEAF_VALIDITY = Duration.ofDays(365);
  static final String ADMIN_USER = "kubernetes-admin";

  /** The CA and the two certificates the server needs. */
  record Material(CertificateAuthority ca, IssuedCertificate serving, IssuedCertificate admin) {}

  private Pki() {}

  static Material ensure(Path dir, Set<String> servingNames, Clock clock) throws IOException {
    SecureFiles.createPrivateDirectory(dir);
    CertificateAuthority ca = loadOrCreateCa(dir, clock);

    IssuedCertificate serving = load(dir, SERVING_CERT, SERVING_KEY);
    String servingProblem = problem(ca, serving);
    if (servingProblem == null) {
      Set<String> names = SubjectAltNames.of(serving.certificate());
      if (!names.equals(servingNames)) {
        servingProblem = "its names " + names + " differ from " + servingNames;
      }
    }
    if (servingProblem != null) {
      log.info("Issuing the serving certificate in {}: {}", dir, servingProblem);
      serving = ca.issueServingCertificate(servingNames, LEAF_VALIDITY);
      store(dir, SERVING_CERT, SERVING_KEY, serving);
    }

    IssuedCertificate admin = load(dir, ADMIN_CERT, ADMIN_KEY);
    String adminProblem = problem(ca, admin);
    if (adminProblem != null) {
      log.info("Issuing the admin client certificate in {}: {}", dir, adminProblem);
      admin = ca.issueClientCertificate(ADMIN_USER, List.of(UserInfo.MASTERS_GROUP), LEAF_VALIDITY);
      store(dir, ADMIN_CERT, ADMIN_KEY, admin);
    }
    return new Material(ca, serving, admin);
  }

  private static CertificateAuthority loadOrCreateCa(Path dir, Clock clock) throws IOException {
    Path certFile = dir.resolve(CA_CERT);
    Path keyFile = dir.resolve(CA_KEY);
    if (!Files.exists(certFile)) {
      log.info("Creating a certificate authority in {}", dir);
      CertificateAuthority ca = CertificateAuthority.generate(clock);
      // key first: a crash in between leaves no ca.crt, so the next start begins again
      String keyPem = Pem.encodePrivateKey(ca.key(), ca.certificate().getPublicKey());
      SecureFiles.write(keyFile, keyPem.getBytes(StandardCharsets.US_ASCII), true);
      SecureFiles.write(certFile, ca.certificatePem().getBytes(StandardCharsets.US_ASCII), false);
      return ca;
    }
    if (!Files.exists(keyFile)) {
      throw unusableCa(dir, CA_CERT + " exists but " + CA_KEY + " is missing");
    }
    SecureFiles.restrict(keyFile);
    X509Certificate certificate;
    PrivateKey key;
    try {
      certificate = Pem.readCertificate(Files.readString(certFile, StandardCharsets.US_ASCII));
      key = Pem.readPrivateKey(Files.readString(keyFile, StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      throw unusableCa(dir, e.getMessage());
    }
    if (!CertificateAuthority.keyMatches(key, certificate)) {
      throw unusableCa(dir, CA_KEY + " does not belong to " + CA_CERT);
    }
    CertificateAuthority ca = new CertificateAuthority(certificate, key, clock);
    if (ca.expiresWithin(certificate, Duration.ZERO)) {
      throw unusableCa(dir, "the CA expired on " + certificate.getNotAfter().toInstant());
    }
    if (ca.expiresWithin(certificate, RENEW_BEFORE)) {
      log.warn(
          "The certificate authority in {} expires on {}; delete the directory before then to"
              + " start over with a new one",
          dir,
          certificate.getNotAfter().toInstant());
    }
    return ca;
  }

  private static IllegalStateException unusableCa(Path dir, String why) {
    return new IllegalStateException(
        String.format(
            "the certificate authority in %s cannot be used: %s (delete %s and %s to create a new"
                + " one; every certificate and kubeconfig issued so far will stop working)",
            dir, why, CA_CERT, CA_KEY));
  }

  /** Why {@code issued} cannot be reused, or {@code null} when it can. */
  private static String problem(CertificateAuthority ca, IssuedCertificate issued) {
    if (issued == null) {
      return "missing or unreadable";
    }
    X509Certificate certificate = issued.certificate();
    if (!ca.issued(certificate)) {
      return "not signed by the current CA";
    }
    if (ca.expiresWithin(certificate, RENEW_BEFORE)) {
      return "it expires on " + certificate.getNotAfter().toInstant();
    }
    if (!CertificateAuthority.keyMatches(issued.privateKey(), certificate)) {
      return "the key does not match the certificate";
    }
    return null;
  }

  /** The certificate and key in two files; {@code null} when either is missing or unreadable. */
  private static IssuedCertificate load(Path dir, String certName, String keyName)
      throws IOException {
    Path certFile = dir.resolve(certName);
    Path keyFile = dir.resolve(keyName);
    if (!Files.exists(certFile) || !Files.exists(keyFile)) {
      return null;
    }
    SecureFiles.restrict(keyFile);
    try {
      return new IssuedCertificate(
          Pem.readCertificate(Files.readString(certFile, StandardCharsets.US_ASCII)),
          Pem.readPrivateKey(Files.readString(keyFile, StandardCharsets.US_ASCII)));
    } catch (IllegalArgumentException e) {
      log.warn("Cannot read {} / {}: {}", certFile, keyFile, e.getMessage());
      return null;
    }
  }

  private static void store(Path dir, String certName, String keyName, IssuedCertificate issued)
      throws IOException {
    SecureFiles.write(
        dir.resolve(keyName), issued.privateKeyPem().getBytes(StandardCharsets.US_ASCII), true);
    SecureFiles.write(
        dir.resolve(certName), issued.certificatePem().getBytes(StandardCharsets.US_ASCII), false);
  }
}
