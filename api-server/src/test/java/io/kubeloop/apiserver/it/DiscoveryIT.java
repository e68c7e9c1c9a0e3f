package io.kubeloop.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.VersionInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Discovery, version and health as clients read them; authentication at the door. */
class DiscoveryIT {

  static ServerFixture fixture;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    fixture = ServerFixture.start();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void fabric8SeesVersionGroupsAndResources() {
    VersionInfo version = fixture.client.getKubernetesVersion();
    assertThat(version.getMajor()).isEqualTo("1");
    APIGroupList groups = fixture.client.getApiGroups();
    assertThat(groups.getGroups())
        .extracting(g -> g.getName())
        .contains("apps", "coordination.k8s.io", "events.k8s.io");
    APIResourceList core = fixture.client.getApiResources("v1");
    assertThat(core.getResources())
        .extracting(r -> r.getName())
        .contains("pods", "pods/status", "pods/binding", "namespaces");
    assertThat(fixture.client.supports(Deployment.class)).isTrue();
  }

  @Test
  void legacyDiscoveryDocuments() throws Exception {
    JsonNode api = JSON.readTree(fixture.request("GET", "/api", null, null).body());
    assertThat(api.path("kind").asText()).isEqualTo("APIVersions");
    assertThat(api.path("versions").get(0).asText()).isEqualTo("v1");
    JsonNode apps = JSON.readTree(fixture.request("GET", "/apis/apps/v1", null, null).body());
    JsonNode deployments = null;
    for (JsonNode r : apps.path("resources")) {
      if (r.path("name").asText().equals("deployments")) {
        deployments = r;
      }
    }
    assertThat(deployments).isNotNull();
    assertThat(deployments.path("shortNames").get(0).asText()).isEqualTo("deploy");
    assertThat(deployments.path("namespaced").asBoolean()).isTrue();
    JsonNode group = JSON.readTree(fixture.request("GET", "/apis/apps", null, null).body());
    assertThat(group.path("preferredVersion").path("groupVersion").asText()).isEqualTo("apps/v1");
  }

  @Test
  void aggregatedDiscoveryWhenAsked() throws Exception {
    ServerFixture.Raw raw =
        fixture.request(
            "GET",
            "/apis",
            null,
            null,
            Map.of(
                "Accept",
                "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json"));
    assertThat(raw.contentType()).contains("as=APIGroupDiscoveryList").contains("v=v2");
    JsonNode doc = JSON.readTree(raw.body());
    assertThat(doc.path("kind").asText()).isEqualTo("APIGroupDiscoveryList");
    assertThat(doc.path("apiVersion").asText()).isEqualTo("apidiscovery.k8s.io/v2");
    JsonNode appsResources = null;
    for (JsonNode item : doc.path("items")) {
      if (item.path("metadata").path("name").asText().equals("apps")) {
        appsResources = item.path("versions").get(0).path("resources");
      }
    }
    assertThat(appsResources).isNotNull();
    assertThat(appsResources.toString())
        .contains("\"resource\":\"deployments\"")
        .contains("\"subresource\":\"scale\"");
  }

  @Test
  void healthEndpointsAreOpenToAnonymousClients() throws Exception {
    HttpClient anonymous = insecureClient();
    HttpResponse<String> readyz =
        anonymous.send(
            HttpRequest.newBuilder(URI.create(fixture.server.url() + "/readyz?verbose")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(readyz.statusCode()).isEqualTo(200);
    assertThat(readyz.body()).contains("[+]ping ok").endsWith("readyz check passed\n");
    HttpResponse<String> livez =
        anonymous.send(
            HttpRequest.newBuilder(URI.create(fixture.server.url() + "/livez")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(livez.body()).isEqualTo("ok");
    HttpResponse<String> version =
        anonymous.send(
            HttpRequest.newBuilder(URI.create(fixture.server.url() + "/version")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(version.body()).path("gitVersion").asText()).startsWith("v1.");
  }

  @Test
  void anonymousResourceRequestsAreUnauthorized() throws Exception {
    HttpResponse<String> response =
        insecureClient()
            .send(
                HttpRequest.newBuilder(URI.create(fixture.server.url() + "/api/v1/namespaces"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(401);
    JsonNode status = JSON.readTree(response.body());
    assertThat(status.path("reason").asText()).isEqualTo("Unauthorized");
    assertThat(status.path("code").asInt()).isEqualTo(401);
  }

  @Test
  void bearerTokenAuthenticates() throws Exception {
    String token = fixture.server.adminToken().orElseThrow();
    HttpResponse<String> response =
        insecureClient()
            .send(
                HttpRequest.newBuilder(URI.create(fixture.server.url() + "/api/v1/namespaces"))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("kind").asText()).isEqualTo("NamespaceList");
  }

  @Test
  void responsesAreGzippedWhenAsked() throws Exception {
    String token = fixture.server.adminToken().orElseThrow();
    HttpResponse<byte[]> response =
        insecureClient()
            .send(
                HttpRequest.newBuilder(URI.create(fixture.server.url() + "/api/v1/namespaces"))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept-Encoding", "gzip")
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    try (var in =
        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(response.body()))) {
      assertThat(JSON.readTree(in.readAllBytes()).path("kind").asText()).isEqualTo("NamespaceList");
    }
  }

  @Test
  void openApiDocumentsAreServed() throws Exception {
    ServerFixture.Raw v3 = fixture.request("GET", "/openapi/v3", null, null);
    assertThat(v3.code()).isEqualTo(200);
    JsonNode paths = JSON.readTree(v3.body()).path("paths");
    assertThat(paths.has("api/v1")).isTrue();
    assertThat(paths.has("apis/apps/v1")).isTrue();
    String appsUrl = paths.path("apis/apps/v1").path("serverRelativeURL").asText();
    JsonNode apps = JSON.readTree(fixture.request("GET", appsUrl, null, null).body());
    assertThat(apps.path("components").path("schemas").has("io.k8s.api.apps.v1.Deployment"))
        .isTrue();
    ServerFixture.Raw v2 =
        fixture.request("GET", "/openapi/v2", null, null, Map.of("Accept", "application/json"));
    assertThat(v2.code()).isEqualTo(200);
    assertThat(JSON.readTree(v2.body()).path("definitions").has("io.k8s.api.core.v1.Pod")).isTrue();
  }

  /** A client without credentials; it skips server verification as it only probes the door. */
  private static HttpClient insecureClient() throws Exception {
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(
        null,
        new TrustManager[] {
          new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
              return new X509Certificate[0];
            }
          }
        },
        null);
    return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).build();
  }
}
