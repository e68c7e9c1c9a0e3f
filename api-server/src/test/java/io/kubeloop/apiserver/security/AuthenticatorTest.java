package io.kubeloop.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubeloop.apiserver.errors.ApiException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
  private final CertificateAuthority ca = CertificateAuthority.generate(clock);
  private final X509Authenticator x509 = new X509Authenticator(ca.certificate(), clock);
  private final TokenAuthenticator tokens =
      new TokenAuthenticator(
          TokenFile.parse("good-token,alice,uid-a,\"devs,ops\"\nother,bob,uid-b\n", "t.csv"));
  private final Authenticator server =
      new AuthenticatedGroupAdder(new UnionAuthenticator(List.of(x509, tokens)));

  @Test
  void clientCertificateNamesUserAndGroups() throws Exception {
    IssuedCertificate admin =
        ca.issueClientCertificate(
            "kubernetes-admin", List.of("system:masters"), Duration.ofDays(1));

    UserInfo user = x509.authenticate(List.of(admin.certificate()), null).orElseThrow();

    String fingerprint =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(admin.certificate().getEncoded()));
    assertThat(user)
        .isEqualTo(
            new UserInfo(
                "kubernetes-admin",
                "",
                List.of("system:masters"),
                Map.of(UserInfo.CREDENTIAL_ID_KEY, List.of("X509SHA256=" + fingerprint))));
  }

  @Test
  void uidAttributeBecomesTheUid() {
    X500Name subject =
        new X500NameBuilder()
            .addRDN(BCStyle.O, "devs")
            .addRDN(X509Authenticator.UID_ATTRIBUTE, "1234-abcd")
            .addRDN(BCStyle.CN, "carol")
            .build();
    X509Certificate cert =
        ca.issue(subject, Duration.ofDays(1), KeyPurposeId.id_kp_clientAuth, null).certificate();

    UserInfo user = x509.authenticate(List.of(cert), null).orElseThrow();

    assertThat(user.name()).isEqualTo("carol");
    assertThat(user.uid()).isEqualTo("1234-abcd");
    assertThat(user.groups()).containsExactly("devs");
  }

  @Test
  void certificateWithoutCommonNameIsNoUser() {
    X500Name subject = new X500NameBuilder().addRDN(BCStyle.O, "devs").build();
    X509Certificate cert =
        ca.issue(subject, Duration.ofDays(1), KeyPurposeId.id_kp_clientAuth, null).certificate();

    assertThat(x509.authenticate(List.of(cert), null)).isEmpty();
  }

  @Test
  void noCertificateIsNoCredential() {
    assertThat(x509.authenticate(List.of(), "Bearer whatever")).isEmpty();
  }

  @Test
  void foreignCertificateIsUnauthorized() {
    CertificateAuthority foreign = CertificateAuthority.generate(clock);
    X509Certificate eve =
        foreign
            .issueClientCertificate("eve", List.of("system:masters"), Duration.ofDays(1))
            .certificate();

    assertUnauthorized(() -> x509.authenticate(List.of(eve), null));
  }

  @Test
  void certificateWithTheCaNameButAnotherKeyIsUnauthorized() {
    CertificateAuthority impostor = new CertificateAuthority(ca.certificate(), otherKey(), clock);
    X509Certificate eve =
        impostor.issueClientCertificate("eve", List.of(), Duration.ofDays(1)).certificate();

    assertUnauthorized(() -> x509.authenticate(List.of(eve), null));
  }

  @Test
  void expiredCertificateIsUnauthorized() {
    X509Certificate cert =
        ca.issueClientCertificate("bob", List.of(), Duration.ofDays(1)).certificate();
    clock.advance(Duration.ofDays(2));

    assertUnauthorized(() -> x509.authenticate(List.of(cert), null));
  }

  @Test
  void aVerifiedCertificateIsRememberedButItsValidityCheckedEveryTime() {
    X509Certificate cert =
        ca.issueClientCertificate("bob", List.of("devs"), Duration.ofDays(1)).certificate();

    Optional<UserInfo> first = x509.authenticate(List.of(cert), null);
    Optional<UserInfo> second = x509.authenticate(List.of(cert), null);

    assertThat(second).isEqualTo(first).isPresent();
    assertThat(x509.verifications()).isOne();
    clock.advance(Duration.ofDays(2));
    assertUnauthorized(() -> x509.authenticate(List.of(cert), null));
  }

  @Test
  void aRememberedCertificateIsVerifiedAgainOnceItsEntryExpires() {
    X509Certificate cert =
        ca.issueClientCertificate("bob", List.of(), Duration.ofDays(1)).certificate();
    x509.authenticate(List.of(cert), null);

    clock.advance(X509Authenticator.CACHE_TTL.plusSeconds(1));
    x509.authenticate(List.of(cert), null);

    assertThat(x509.verifications()).isEqualTo(2);
  }

  @Test
  void aRememberedCertificateVouchesForNoOtherWithTheSameSubject() {
    X509Certificate good =
        ca.issueClientCertificate("eve", List.of(), Duration.ofDays(1)).certificate();
    CertificateAuthority impostor = new CertificateAuthority(ca.certificate(), otherKey(), clock);
    X509Certificate forged =
        impostor.issueClientCertificate("eve", List.of(), Duration.ofDays(1)).certificate();
    x509.authenticate(List.of(good), null);

    assertUnauthorized(() -> x509.authenticate(List.of(forged), null));
    assertUnauthorized(() -> x509.authenticate(List.of(forged), null)); // rejections not cached
    assertThat(x509.verifications()).isEqualTo(3);
  }

  @Test
  void aNewCaMeansANewAuthenticatorThatTrustsNothingOfTheOld() {
    X509Certificate old =
        ca.issueClientCertificate("bob", List.of(), Duration.ofDays(1)).certificate();
    x509.authenticate(List.of(old), null);
    CertificateAuthority rotated = CertificateAuthority.generate(clock);

    X509Authenticator afterRotation = new X509Authenticator(rotated.certificate(), clock);

    assertUnauthorized(() -> afterRotation.authenticate(List.of(old), null));
  }

  @Test
  void servingCertificateIsNotAClientCertificate() {
    X509Certificate serving =
        ca.issueServingCertificate(SubjectAltNames.forServing(null, List.of()), Duration.ofDays(1))
            .certificate();

    assertUnauthorized(() -> x509.authenticate(List.of(serving), null));
  }

  @Test
  void bearerTokenIsLookedUp() {
    assertThat(tokens.authenticate(List.of(), "Bearer good-token"))
        .contains(new UserInfo("alice", "uid-a", List.of("devs", "ops"), Map.of()));
    assertThat(tokens.authenticate(List.of(), "  bearer other "))
        .map(UserInfo::name)
        .contains("bob");
  }

  @Test
  void headersWithoutABearerTokenAreNoCredential() {
    for (String header :
        new String[] {null, "", "   ", "Basic YTpi", "Bearer", "Bearer  two-spaces"}) {
      assertThat(tokens.authenticate(List.of(), header)).as(String.valueOf(header)).isEmpty();
    }
  }

  @Test
  void unknownTokenIsUnauthorized() {
    assertUnauthorized(() -> tokens.authenticate(List.of(), "Bearer good-token2"));
    assertUnauthorized(() -> tokens.authenticate(List.of(), "Bearer good-toke"));
  }

  @Test
  void unionAddsAuthenticatedGroupOnce() {
    UserInfo alice = server.authenticate(List.of(), "Bearer good-token").orElseThrow();
    assertThat(alice.groups()).containsExactly("devs", "ops", UserInfo.AUTHENTICATED_GROUP);

    Authenticator already =
        new AuthenticatedGroupAdder(
            (certs, header) ->
                Optional.of(UserInfo.of("x", List.of(UserInfo.AUTHENTICATED_GROUP, "g"))));
    assertThat(already.authenticate(List.of(), null).orElseThrow().groups())
        .containsExactly(UserInfo.AUTHENTICATED_GROUP, "g");
  }

  @Test
  void unionTriesTheTokenWhenTheCertificateIsRejected() {
    X509Certificate foreign =
        CertificateAuthority.generate(clock)
            .issueClientCertificate("eve", List.of(), Duration.ofDays(1))
            .certificate();

    assertThat(server.authenticate(List.of(foreign), "Bearer good-token"))
        .map(UserInfo::name)
        .contains("alice");
    assertUnauthorized(() -> server.authenticate(List.of(foreign), null));
    assertUnauthorized(() -> server.authenticate(List.of(), "Bearer nope"));
  }

  @Test
  void noCredentialsAtAllIsEmpty() {
    assertThat(server.authenticate(List.of(), null)).isEmpty();
  }

  private static java.security.PrivateKey otherKey() {
    return CertificateAuthority.generate(java.time.Clock.systemUTC()).key();
  }

  private static void assertUnauthorized(Runnable call) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(401);
              assertThat(e.reason()).isEqualTo("Unauthorized");
              assertThat(e.getMessage()).isEqualTo("Unauthorized");
            });
  }
}
