package io.kubeloop.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityBootstrapTest {

  private static final List<String> FILES =
      List.of(
          "ca.crt",
          "ca.key",
          "apiserver.crt",
          "apiserver.key",
          "admin.crt",
          "admin.key",
          "tokens.csv");

  @TempDir Path dataDir;

  private final MutableClock clock = MutableClock.atSystemTime();

  private SecurityBootstrap prepare(List<String> extraSans) {
    return SecurityBootstrap.prepare(dataDir, extraSans, 6443, clock, "testhost");
  }

  private Path pki(String name) {
    return dataDir.resolve("pki").resolve(name);
  }

  @Test
  void firstStartCreatesFilesWithPrivateKeysOwnerOnly() throws Exception {
    SecurityBootstrap security = prepare(List.of());

    for (String name : FILES) {
      assertThat(pki(name)).isRegularFile();
    }
    for (String secret : List.of("ca.key", "apiserver.key", "admin.key", "tokens.csv")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki(secret))))
          .as(secret)
          .isEqualTo("rw-------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki("ca.crt"))))
        .isEqualTo("rw-r--r--");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("pki"))))
        .isEqualTo("rwx------");
    assertThat(security.kubeconfig()).isEqualTo(dataDir.resolve("kubeconfig")).isRegularFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(security.kubeconfig())))
        .isEqualTo("rw-------");

    assertThat(Files.readString(pki("tokens.csv")))
        .isEqualTo(
            security.adminToken().orElseThrow()
                + ",kubeloop-admin,kubeloop-admin,\"system:masters\"\n");
    assertThat(security.adminToken().orElseThrow()).matches("[A-Za-z0-9_-]{43}");
    assertThat(SubjectAltNames.of(security.servingCertificate().certificate()))
        .containsExactly(
            "DNS:localhost",
            "IP:127.0.0.1",
            "IP:0:0:0:0:0:0:0:1",
            "DNS:kubernetes",
            "DNS:kubernetes.default",
            "DNS:kubernetes.default.svc",
            "DNS:kubernetes.default.svc.cluster.local",
            "DNS:testhost");
    assertThat(Pem.readCertificate(Files.readString(pki("admin.crt"))).getSubjectX500Principal())
        .isEqualTo(new X500Principal("CN=kubernetes-admin, O=system:masters"));
  }

  @Test
  void secondStartReusesEverything() throws Exception {
    SecurityBootstrap first = prepare(List.of("api.example.com"));
    Map<String, String> before = contents();

    SecurityBootstrap second = prepare(List.of("API.example.com "));

    assertThat(contents()).isEqualTo(before);
    assertThat(second.adminToken()).isEqualTo(first.adminToken());
    assertThat(second.certificateAuthority().certificate())
        .isEqualTo(first.certificateAuthority().certificate());
  }

  @Test
  void changedSansReissueOnlyTheServingCertificate() throws Exception {
    prepare(List.of());
    Map<String, String> before = contents();

    SecurityBootstrap second = prepare(List.of("10.1.2.3", "*.apps.example.com"));

    Map<String, String> after = contents();
    for (String name : FILES) {
      if (name.startsWith("apiserver.")) {
        assertThat(after.get(name)).as(name).isNotEqualTo(before.get(name));
      } else {
        assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
      }
    }
    assertThat(SubjectAltNames.of(second.servingCertificate().certificate()))
        .contains("IP:10.1.2.3", "DNS:*.apps.example.com");
  }

  @Test
  void certificatesNearExpiryAreReissuedButTheCaIsKept() throws Exception {
    prepare(List.of());
    Map<String, String> before = contents();

    clock.advance(Duration.ofDays(365 - 29));
    SecurityBootstrap later = prepare(List.of());

    Map<String, String> after = contents();
    assertThat(after.get("ca.crt")).isEqualTo(before.get("ca.crt"));
    assertThat(after.get("apiserver.crt")).isNotEqualTo(before.get("apiserver.crt"));
    assertThat(after.get("admin.crt")).isNotEqualTo(before.get("admin.crt"));
    assertThat(later.servingCertificate().certificate().getNotAfter().toInstant())
        .isAfter(clock.instant().plus(Duration.ofDays(300)));
  }

  @Test
  void certificatesFromAnotherCaAreReplaced() throws Exception {
    prepare(List.of());
    CertificateAuthority other = CertificateAuthority.generate(clock);
    Files.writeString(
        pki("admin.crt"),
        other.issueClientCertificate("x", List.of(), Duration.ofDays(100)).certificatePem());

    SecurityBootstrap again = prepare(List.of());

    assertThat(
            again
                .certificateAuthority()
                .issued(Pem.readCertificate(Files.readString(pki("admin.crt")))))
        .isTrue();
  }

  @Test
  void widenedKeyPermissionsAreNarrowedAgain() throws Exception {
    prepare(List.of());
    Files.setPosixFilePermissions(pki("ca.key"), PosixFilePermissions.fromString("rw-r--r--"));

    prepare(List.of());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki("ca.key"))))
        .isEqualTo("rw-------");
  }

  @Test
  void caCertificateWithoutKeyIsAnError() throws Exception {
    prepare(List.of());
    Files.delete(pki("ca.key"));

    assertThatThrownBy(() -> prepare(List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ca.crt exists but ca.key is missing");
  }

  @Test
  void malformedSanOrTokenFileIsAnError() throws Exception {
    assertThatThrownBy(() -> prepare(List.of("not a name")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "subject alternative name 'not a name' is neither an IP address nor a DNS name");

    prepare(List.of());
    Files.writeString(pki("tokens.csv"), "just-a-token\n");
    assertThatThrownBy(() -> prepare(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tokens.csv' line 1: must have at least 3 columns");
  }

  @Test
  void kubeconfigEmbedsCaAndAdminCredentials() throws Exception {
    SecurityBootstrap security = prepare(List.of());

    JsonNode config = new YAMLMapper().readTree(security.kubeconfig().toFile());

    assertThat(config.at("/current-context").asText()).isEqualTo("kubeloop");
    assertThat(config.at("/contexts/0/name").asText()).isEqualTo("kubeloop");
    assertThat(config.at("/contexts/0/context/cluster").asText()).isEqualTo("kubeloop");
    assertThat(config.at("/contexts/0/context/user").asText()).isEqualTo("kubeloop-admin");
    assertThat(config.at("/clusters/0/name").asText()).isEqualTo("kubeloop");
    assertThat(config.at("/clusters/0/cluster/server").asText())
        .isEqualTo("https://127.0.0.1:6443");
    assertThat(decode(config.at("/clusters/0/cluster/certificate-authority-data")))
        .isEqualTo(Files.readString(pki("ca.crt")));
    assertThat(config.at("/users/0/name").asText()).isEqualTo("kubeloop-admin");
    assertThat(decode(config.at("/users/0/user/client-certificate-data")))
        .isEqualTo(Files.readString(pki("admin.crt")));
    assertThat(decode(config.at("/users/0/user/client-key-data")))
        .isEqualTo(Files.readString(pki("admin.key")))
        .startsWith("-----BEGIN EC PRIVATE KEY-----");

    security.writeKubeconfig(40123);
    assertThat(
            new YAMLMapper()
                .readTree(security.kubeconfig().toFile())
                .at("/clusters/0/cluster/server")
                .asText())
        .isEqualTo("https://127.0.0.1:40123");
  }

  private static String decode(JsonNode base64) {
    return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.US_ASCII);
  }

  @Test
  void portZeroDefersTheKubeconfig() {
    SecurityBootstrap security = SecurityBootstrap.prepare(dataDir, List.of(), 0, clock, null);

    assertThat(security.kubeconfig()).doesNotExist();
    assertThatThrownBy(() -> security.writeKubeconfig(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be between 1 and 65535, was 0");
  }

  @Test
  void serverOptionsRequestClientCertificatesAndOfferH2() throws Exception {
    SecurityBootstrap security = prepare(List.of());
    HttpServerOptions options = security.configure(new HttpServerOptions());

    assertThat(options.isSsl()).isTrue();
    assertThat(options.getClientAuth()).isEqualTo(ClientAuth.REQUEST);
    assertThat(options.isUseAlpn()).isTrue();
    assertThat(options.getAlpnVersions()).containsExactly(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1);
    var keyManager =
        (javax.net.ssl.X509KeyManager)
            options.getKeyCertOptions().getKeyManagerFactory(null).getKeyManagers()[0];
    String alias = keyManager.chooseServerAlias("EC", null, null);
    assertThat(keyManager.getCertificateChain(alias))
        .containsExactly(security.servingCertificate().certificate());
    assertThat(keyManager.getPrivateKey(alias))
        .isEqualTo(security.servingCertificate().privateKey());
    assertThat(keyManager.chooseServerAlias("RSA", null, null)).isNull();
    assertThat(options.getEnabledSecureTransportProtocols())
        .containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
  }

  private Map<String, String> contents() throws Exception {
    Map<String, String> contents = new HashMap<>();
    for (String name : FILES) {
      contents.put(name, Files.readString(pki(name)));
    }
    contents.put("kubeconfig", Files.readString(dataDir.resolve("kubeconfig")));
    return contents;
  }
}
