package io.kubeloop.apiserver.security;

import static io.kubeloop.apiserver.security.WhoAmIServer.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated files used by programs that have nothing to do with Java: curl and openssl
 * (OpenSSL's TLS), and kubectl (Go's TLS and client-go) when installed; each test is skipped when
 * its program is missing. {@code -Dkubeloop.kubectl=/path} picks a kubectl binary.
 */
class SecurityCliIT {

  @TempDir static Path dataDir;

  private static WhoAmIServer server;

  /** A client certificate for system:masters from a CA the server does not know. */
  private static final IssuedCertificate FOREIGN =
      CertificateAuthority.generate(Clock.offset(Clock.systemUTC(), Duration.ofDays(-1)))
          .issueClientCertificate("eve", List.of("system:masters"), Duration.ofDays(2));

  @BeforeAll
  static void start() throws Exception {
    server = WhoAmIServer.start(dataDir);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void curlWithTheAdminCertificateGetsH2() throws Exception {
    Clients.Result result =
        curl(
            "--cert", server.pki("admin.crt").toString(),
            "--key", server.pki("admin.key").toString(),
            "-w", "\n%{http_version}");

    assertThat(result.exitCode()).as(result.output()).isZero();
    String[] lines = result.output().split("\n");
    JsonNode body = JSON.readTree(lines[0]);
    assertThat(body.get("user").asText()).isEqualTo("kubernetes-admin");
    assertThat(Clients.texts(body.get("groups")))
        .containsExactly("system:masters", "system:authenticated");
    assertThat(lines[1]).isEqualTo("2");
  }

  @Test
  void curlWithTheAdminTokenOverHttp11() throws Exception {
    String token = server.security.adminToken().orElseThrow();

    Clients.Result result = curl("--http1.1", "-H", "Authorization: Bearer " + token);

    assertThat(result.exitCode()).as(result.output()).isZero();
    JsonNode body = JSON.readTree(result.output());
    assertThat(body.get("user").asText()).isEqualTo("kubeloop-admin");
    assertThat(body.get("protocol").asText()).isEqualTo("http/1.1");
  }

  @Test
  void curlWithAForeignCertificateIsUnauthorized() throws Exception {
    Path cert = Files.writeString(dataDir.resolve("eve.crt"), FOREIGN.certificatePem());
    Path key = Files.writeString(dataDir.resolve("eve.key"), FOREIGN.privateKeyPem());

    Clients.Result result =
        curl(
            "--cert", cert.toString(),
            "--key", key.toString(),
            "-w", "\n%{http_code} %header{x-outcome}");

    // OpenSSL sends its certificate whatever CAs the server named; the authenticator refuses it
    assertThat(result.exitCode()).as(result.output()).isZero();
    String[] lines = result.output().split("\n");
    JsonNode status = JSON.readTree(lines[0]);
    assertThat(status.get("reason").asText()).isEqualTo("Unauthorized");
    assertThat(status.get("code").asInt()).isEqualTo(401);
    assertThat(lines[1]).isEqualTo("401 rejected");
  }

  @Test
  void curlDoesNotTrustTheServerWithoutTheCa() throws Exception {
    assumeTrue(Clients.onPath("curl").isPresent(), "curl is not installed");

    Clients.Result result =
        Clients.run(
            List.of(
                "curl",
                "-sS",
                "--max-time",
                "20",
                "--capath",
                "/nonexistent",
                server.whoAmI().toString()));

    assertThat(result.exitCode()).as(result.output()).isEqualTo(60); // peer certificate not trusted
  }

  @Test
  void opensslVerifiesTheIssuedCertificates() throws Exception {
    assumeTrue(Clients.onPath("openssl").isPresent(), "openssl is not installed");
    String ca = server.pki("ca.crt").toString();

    Clients.Result admin =
        Clients.run(
            List.of(
                "openssl",
                "verify",
                "-CAfile",
                ca,
                "-purpose",
                "sslclient",
                server.pki("admin.crt").toString()));
    Clients.Result serving =
        Clients.run(
            List.of(
                "openssl",
                "verify",
                "-CAfile",
                ca,
                "-purpose",
                "sslserver",
                server.pki("apiserver.crt").toString()));

    assertThat(admin.output()).endsWith("admin.crt: OK");
    assertThat(serving.output()).endsWith("apiserver.crt: OK");
  }

  @Test
  void kubectlUsesTheKubeconfigAsIs() throws Exception {
    Clients.Result result = kubectlWhoAmI(server.security.kubeconfig());

    assertThat(result.exitCode()).as(result.output()).isZero();
    JsonNode review = JSON.readTree(result.output());
    assertThat(review.at("/status/userInfo/username").asText()).isEqualTo("kubernetes-admin");
    assertThat(Clients.texts(review.at("/status/userInfo/groups")))
        .containsExactly("system:masters", "system:authenticated");
  }

  @Test
  void kubectlWithAForeignCertificateAndATokenIsTheTokenUser() throws Exception {
    Clients.Result result =
        kubectlWhoAmI(foreignKubeconfig(server.security.adminToken().orElseThrow()));

    // client-go always sends its certificate; as in Kubernetes a rejected one does not stop a
    // valid token
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(JSON.readTree(result.output()).at("/status/userInfo/username").asText())
        .isEqualTo("kubeloop-admin");
  }

  @Test
  void kubectlWithOnlyAForeignCertificateIsToldItIsUnauthorized() throws Exception {
    Clients.Result result = kubectlWhoAmI(foreignKubeconfig(null));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("Unauthorized");
  }

  /** curl against the whoami URL, trusting the cluster CA, with {@code options}. */
  private static Clients.Result curl(String... options) throws Exception {
    assumeTrue(Clients.onPath("curl").isPresent(), "curl is not installed");
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
    command.addAll(List.of("--cacert", server.pki("ca.crt").toString()));
    command.addAll(List.of(options));
    command.add(server.whoAmI().toString());
    return Clients.run(command);
  }

  private static Clients.Result kubectlWhoAmI(Path kubeconfig) throws Exception {
    Optional<String> kubectl = Clients.kubectl();
    assumeTrue(kubectl.isPresent(), "kubectl is not installed");
    return Clients.run(
        List.of(
            kubectl.get(),
            "--request-timeout=20s",
            "--kubeconfig",
            kubeconfig.toString(),
            "auth",
            "whoami",
            "-o",
            "json"));
  }

  /** The admin kubeconfig with the foreign certificate and, if not null, a token. */
  private static Path foreignKubeconfig(String token) throws Exception {
    YAMLMapper yaml = new YAMLMapper();
    ObjectNode config = (ObjectNode) yaml.readTree(server.security.kubeconfig().toFile());
    ObjectNode user = (ObjectNode) config.at("/users/0/user");
    user.put("client-certificate-data", base64(FOREIGN.certificatePem()));
    user.put("client-key-data", base64(FOREIGN.privateKeyPem()));
    if (token != null) {
      user.put("token", token);
    }
    Path kubeconfig = Files.createTempFile(dataDir, "foreign", ".kubeconfig");
    yaml.writeValue(kubeconfig.toFile(), config);
    return kubeconfig;
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
