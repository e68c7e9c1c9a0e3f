package io.kubeloop.apiserver.security;

import static io.kubeloop.apiserver.security.WhoAmIServer.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TLS handshakes from Java clients (Fabric8 with the generated kubeconfig, the JDK's
 * HttpClient) against a server configured by {@link SecurityBootstrap}.
 */
class SecurityTlsIT {

  @TempDir static Path dataDir;

  private static WhoAmIServer server;

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
  void fabric8ClientFromTheKubeconfigIsTheAdmin() throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(server.security.kubeconfig()));
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      JsonNode body = JSON.readTree(client.raw(config.getMasterUrl() + "whoami"));

      assertThat(body.get("user").asText()).isEqualTo("kubernetes-admin");
      assertThat(Clients.texts(body.get("groups")))
          .containsExactly("system:masters", "system:authenticated");
    }
  }

  @Test
  void adminCertificateOverH2() throws Exception {
    IssuedCertificate admin =
        new IssuedCertificate(
            Pem.readCertificate(Files.readString(server.pki("admin.crt"))),
            Pem.readPrivateKey(Files.readString(server.pki("admin.key"))));

    HttpResponse<String> response = get(admin, null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("user").asText()).isEqualTo("kubernetes-admin");
    assertThat(Clients.texts(body.get("groups")))
        .containsExactly("system:masters", "system:authenticated");
    assertThat(body.get("protocol").asText()).isEqualTo("h2");
  }

  @Test
  void issuedClientCertificateIsItsOwnIdentity() throws Exception {
    IssuedCertificate node =
        server
            .security
            .certificateAuthority()
            .issueClientCertificate("system:node:n1", List.of("system:nodes"), Duration.ofHours(1));

    JsonNode body = JSON.readTree(get(node, null).body());

    assertThat(body.get("user").asText()).isEqualTo("system:node:n1");
    assertThat(Clients.texts(body.get("groups")))
        .containsExactly("system:nodes", "system:authenticated");
  }

  @Test
  void bearerTokenWithoutClientCertificate() throws Exception {
    HttpResponse<String> response =
        get(null, "Bearer " + server.security.adminToken().orElseThrow());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("user").asText()).isEqualTo("kubeloop-admin");
    assertThat(Clients.texts(body.get("groups")))
        .containsExactly("system:masters", "system:authenticated");
  }

  @Test
  void noCredentialsYieldNobody() throws Exception {
    HttpResponse<String> response = get(null, null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("x-outcome")).contains("none");
  }

  @Test
  void wrongTokenIsRejectedWithTheKubeStatus() throws Exception {
    HttpResponse<String> response = get(null, "Bearer nope");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("x-outcome")).contains("rejected");
    JsonNode status = JSON.readTree(response.body());
    assertThat(status.get("kind").asText()).isEqualTo("Status");
    assertThat(status.get("reason").asText()).isEqualTo("Unauthorized");
    assertThat(status.get("message").asText()).isEqualTo("Unauthorized");
  }

  @Test
  void javaClientDoesNotOfferACertificateFromAnotherCa() throws Exception {
    // dated a day back so that the CA's name (kubeloop-ca@<second>) differs from the server's
    IssuedCertificate foreign =
        CertificateAuthority.generate(Clock.offset(Clock.systemUTC(), Duration.ofDays(-1)))
            .issueClientCertificate("eve", List.of("system:masters"), Duration.ofDays(2));

    HttpResponse<String> response = get(foreign, null);

    // the JDK offers a certificate only if its issuer is among the CA names the server sent
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("x-outcome")).contains("none");
  }

  @Test
  void certificateFromAnImpostorCaWithTheSameNameIsRejected() throws Exception {
    CertificateAuthority impostor =
        new CertificateAuthority(
            server.security.certificateAuthority().certificate(),
            CertificateAuthority.generate(Clock.systemUTC()).key(),
            Clock.systemUTC());
    IssuedCertificate forged =
        impostor.issueClientCertificate("eve", List.of("system:masters"), Duration.ofHours(1));

    HttpResponse<String> response = get(forged, null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("x-outcome")).contains("rejected");
  }

  private static HttpResponse<String> get(IssuedCertificate identity, String authorization)
      throws Exception {
    try (HttpClient client =
        Clients.java(server.security.certificateAuthority().certificate(), identity)) {
      HttpRequest.Builder request = HttpRequest.newBuilder(server.whoAmI());
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
