package io.kubeloop.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
  private final CertificateAuthority ca = CertificateAuthority.generate(clock);

  @Test
  void caIsSelfSignedEcdsaCaValidForTenYears() throws Exception {
    X509Certificate certificate = ca.certificate();

    certificate.verify(certificate.getPublicKey());
    assertThat(certificate.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(certificate.getSubjectX500Principal().getName()).startsWith("CN=kubeloop-ca@");
    assertThat(certificate.getNotAfter().toInstant())
        .isEqualTo(clock.instant().plus(CertificateAuthority.CA_VALIDITY));
    assertThat(certificate.getKeyUsage()[5]).as("keyCertSign").isTrue();
  }

  @Test
  void issuedClientCertificateVerifiesAgainstTheCa() throws Exception {
    IssuedCertificate issued =
        ca.issueClientCertificate(
            "system:node:node-1", List.of("system:nodes", "extra"), Duration.ofDays(30));

    validate(issued.certificate(), ca.certificate());
    X509Certificate certificate = issued.certificate();
    assertThat(new X500Principal(certificate.getSubjectX500Principal().getName()))
        .isEqualTo(new X500Principal("CN=system:node:node-1, O=extra, O=system:nodes"));
    assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
    assertThat(certificate.getNotAfter().toInstant())
        .isEqualTo(clock.instant().plus(Duration.ofDays(30)));
    assertThat(certificate.getNotBefore().toInstant()).isBefore(clock.instant());
    assertThat(CertificateAuthority.keyMatches(issued.privateKey(), certificate)).isTrue();
    assertThat(ca.issued(certificate)).isTrue();
  }

  @Test
  void pemFormsReadBack() {
    IssuedCertificate issued = ca.issueClientCertificate("bob", List.of(), Duration.ofDays(1));

    assertThat(issued.privateKeyPem()).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(issued.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(Pem.readCertificate(issued.certificatePem())).isEqualTo(issued.certificate());
    PrivateKey readBack = Pem.readPrivateKey(issued.privateKeyPem());
    assertThat(((ECPrivateKey) readBack).getS())
        .isEqualTo(((ECPrivateKey) issued.privateKey()).getS());
    assertThat(CertificateAuthority.keyMatches(readBack, issued.certificate())).isTrue();
    assertThat(issued.toString()).doesNotContain("PRIVATE").contains("CN=bob");
  }

  @Test
  void anotherCaDidNotIssueIt() {
    CertificateAuthority other = CertificateAuthority.generate(clock);
    IssuedCertificate issued = other.issueClientCertificate("eve", List.of(), Duration.ofDays(1));

    assertThat(ca.issued(issued.certificate())).isFalse();
    assertThatThrownBy(() -> validate(issued.certificate(), ca.certificate()))
        .isInstanceOf(CertPathValidatorException.class);
  }

  @Test
  void validityIsCappedAtTheCaExpiry() {
    IssuedCertificate issued =
        ca.issueClientCertificate("long", List.of(), Duration.ofDays(365 * 20));

    assertThat(issued.certificate().getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
  }

  @Test
  void servingCertificateCarriesItsNames() throws Exception {
    Set<String> names = SubjectAltNames.forServing("box", List.of("10.0.0.7", "api.example.com"));

    IssuedCertificate serving = ca.issueServingCertificate(names, Duration.ofDays(365));

    assertThat(SubjectAltNames.of(serving.certificate())).isEqualTo(names);
    assertThat(serving.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    validate(serving.certificate(), ca.certificate());
  }

  @Test
  void badArgumentsFailFast() {
    assertThatThrownBy(() -> ca.issueClientCertificate("", List.of(), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("user must not be empty");
    assertThatThrownBy(() -> ca.issueClientCertificate("u", List.of(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validity must be positive, was PT0S");
    assertThatThrownBy(() -> ca.issueClientCertificate("u", List.of(""), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("groups[0] must not be empty");
  }

  private void validate(X509Certificate leaf, X509Certificate anchor) throws Exception {
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(clock.instant()));
    CertPathValidator.getInstance("PKIX")
        .validate(
            CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
  }
}
