package io.kubeloop.apiserver.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.kubeloop.apiserver.errors.ApiException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a client certificate issued by the cluster CA, as kube-apiserver's x509
 * authenticator does: the subject's common name is the user, each organization a group, the
 * attribute {@code 1.3.6.1.4.1.57683.2} (if present) the uid, and the certificate's SHA-256
 * fingerprint the {@code authentication.kubernetes.io/credential-id} extra.
 *
 * <p>This is where client certificates are verified: the TLS layer accepts any certificate whose
 * key the client holds (see {@link ClientCertificateTrust}), and this authenticator checks the
 * issuer, the CA's signature, validity at the injected clock's time and the client-auth usage, as
 * kube-apiserver's x509 authenticator does. Only certificates issued directly by the CA are
 * accepted: kubeloop issues no intermediates.
 *
 * <p>Verified certificates are remembered, so that the requests of a connection, and a client's
 * later connections, do not each verify a signature, parse the subject and hash the certificate
 * again (see {@link #verified}).
 *
 * <p>Thread-safe.
 */
final class X509Authenticator implements Authenticator {

  private static final Logger log = LoggerFactory.getLogger(X509Authenticator.class);

  static final ASN1ObjectIdentifier UID_ATTRIBUTE = new ASN1ObjectIdentifier("1.3.6.1.4.1.57683.2");
  private static final String CLIENT_AUTH_USAGE = "1.3.6.1.5.5.7.3.2";
  private static final String ANY_USAGE = "2.5.29.37.0";

  /** The most certificates remembered; a cluster has a handful of clients, not thousands. */
  static final int CACHE_SIZE = 1_024;

  /** How long a verification is remembered before the certificate is verified again. */
  static final Duration CACHE_TTL = Duration.ofMinutes(10);

  private final X509Certificate ca;
  private final Clock clock;

  /**
   * The users of certificates that passed every check that does not depend on time: issuer, the
   * CA's signature, key usage, the subject. Keyed by the certificate, whose equality is that of its
   * whole DER encoding, signature included: a certificate that differs in any byte (another key, a
   * forged signature, the same subject and serial from another CA) is never taken for a cached one.
   * Validity at the clock's time, of the certificate and of the CA, is still checked per request.
   * Rejections are not remembered (one that depends on time may turn). Entries expire after {@link
   * #CACHE_TTL} by the injected clock.
   *
   * <p>The cache belongs to this instance, whose CA is fixed: the server builds a new authenticator
   * with a new CA (kubeloop rotates its CA only across restarts), so no entry outlives the CA that
   * verified it. Client certificates cannot be revoked in Kubernetes either, short of rotating the
   * CA.
   */
  private final Cache<X509Certificate, Optional<UserInfo>> verified;

  private final LongAdder verifications = new LongAdder();

  X509Authenticator(X509Certificate ca, Clock clock) {
    this.ca = ca;
    this.clock = clock;
    this.verified =
        Caffeine.newBuilder()
            .maximumSize(CACHE_SIZE)
            .expireAfterWrite(CACHE_TTL)
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .executor(Runnable::run)
            .build();
  }

  @Override
  public Optional<UserInfo> authenticate(
      List<X509Certificate> peerCertificates, String authorization) {
    if (peerCertificates.isEmpty()) {
      return Optional.empty();
    }
    X509Certificate leaf = peerCertificates.get(0);
    Optional<UserInfo> known = verified.getIfPresent(leaf);
    if (known != null && currentlyValid(leaf)) {
      return known;
    }
    String problem = verify(leaf);
    if (problem != null) {
      log.debug(
          "Rejecting client certificate {} (serial {}): {}",
          leaf.getSubjectX500Principal(),
          leaf.getSerialNumber(),
          problem);
      throw ApiException.unauthorized("Unauthorized");
    }
    Optional<UserInfo> user = toUser(leaf);
    verified.put(leaf, user);
    return user;
  }

  /** Whether the certificate and the CA are valid at the clock's time. */
  private boolean currentlyValid(X509Certificate leaf) {
    Date now = Date.from(clock.instant());
    try {
      leaf.checkValidity(now);
      ca.checkValidity(now);
      return true;
    } catch (GeneralSecurityException e) {
      return false; // verify() says why, and rejects it
    }
  }

  /** How many certificates were verified in full (tests). */
  long verifications() {
    return verifications.sum();
  }

  /** Why {@code leaf} is not acceptable, or {@code null} when it is. */
  private String verify(X509Certificate leaf) {
    verifications.increment();
    if (!leaf.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      return "issued by " + leaf.getIssuerX500Principal() + ", not the cluster CA";
    }
    Date now = Date.from(clock.instant());
    try {
      leaf.verify(ca.getPublicKey());
      leaf.checkValidity(now);
      ca.checkValidity(now);
    } catch (GeneralSecurityException e) {
      return e.toString();
    }
    try {
      List<String> usages = leaf.getExtendedKeyUsage();
      // Go's verifier treats a certificate without the extension as good for any usage.
      if (usages != null && !usages.contains(CLIENT_AUTH_USAGE) && !usages.contains(ANY_USAGE)) {
        return "not valid for client authentication (extended key usage " + usages + ")";
      }
    } catch (CertificateParsingException e) {
      return e.toString();
    }
    return null;
  }

  /** The user a verified certificate names; empty without a common name, as in Kubernetes. */
  private static Optional<UserInfo> toUser(X509Certificate leaf) {
    String commonName = "";
    List<String> organizations = new ArrayList<>();
    List<String> uids = new ArrayList<>();
    X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
    for (RDN rdn : subject.getRDNs()) {
      for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
        if (!(attribute.getValue() instanceof ASN1String value)) {
          continue;
        }
        ASN1ObjectIdentifier type = attribute.getType();
        if (type.equals(BCStyle.CN)) {
          commonName = value.getString(); // the last one wins, as in Go's pkix.Name
        } else if (type.equals(BCStyle.O)) {
          organizations.add(value.getString());
        } else if (type.equals(UID_ATTRIBUTE)) {
          uids.add(value.getString());
        }
      }
    }
    if (commonName.isEmpty()) {
      return Optional.empty();
    }
    if (uids.size() > 1 || (uids.size() == 1 && uids.get(0).isEmpty())) {
      log.debug("Rejecting client certificate {}: bad uid attribute {}", commonName, uids);
      throw ApiException.unauthorized("Unauthorized");
    }
    String uid = uids.isEmpty() ? "" : uids.get(0);
    Map<String, List<String>> extra =
        Map.of(UserInfo.CREDENTIAL_ID_KEY, List.of("X509SHA256=" + fingerprint(leaf)));
    return Optional.of(new UserInfo(commonName, uid, organizations, extra));
  }

  private static String fingerprint(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint a certificate", e);
    }
  }
}
