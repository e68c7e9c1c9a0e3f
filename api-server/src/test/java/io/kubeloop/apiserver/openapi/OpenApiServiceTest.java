package io.kubeloop.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.apiserver.resource.ResourceRegistry;
import io.kubeloop.apiserver.resource.ResourceType;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Serving: media types, ETags and hashes, caching and invalidation. */
class OpenApiServiceTest {

  private final AtomicReference<JsonNode> crd = new AtomicReference<>(Fixtures.cronTabCrd(1, "a"));
  private final ResourceRegistry registry = ResourceRegistry.withBuiltins();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final OpenApiService service =
      new OpenApiService(
          registry,
          gr ->
              gr.equals(Fixtures.CRONTABS.groupResource())
                  ? Optional.ofNullable(crd.get())
                  : Optional.empty(),
          clock);

  private static final class MutableClock implements InstantSource {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  private OpenApiResponse get(String path, String query, String accept) {
    return service.serve(path, query, accept).orElseThrow();
  }

  @Test
  void otherPathsAreNotOurs() {
    assertThat(service.serve("/api/v1", null, null)).isEmpty();
    assertThat(service.serve("/openapi", null, null)).isEmpty();
    assertThat(service.serve("/openapi/v2x", null, null)).isEmpty();
  }

  @Test
  void v2IsJsonUnlessProtobufIsAskedFor() {
    OpenApiResponse json = get("/openapi/v2", null, null);
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.contentType()).isEqualTo("application/json");
    assertThat(json.headers())
        .containsEntry("Vary", "Accept")
        .containsEntry("Cache-Control", "no-cache, private");
    assertThat(json.headers().get("ETag")).matches("\"[0-9A-F]{128}\"");

    // what client-go sends, old and new spellings
    for (String accept :
        List.of(
            "application/com.github.proto-openapi.spec.v2@v1.0+protobuf",
            "application/com.github.proto-openapi.spec.v2.v1.0+protobuf",
            "application/com.github.proto-openapi.spec.v2.v1.0+protobuf, application/json;q=0.5")) {
      OpenApiResponse pb = get("/openapi/v2", null, accept);
      assertThat(pb.status()).isEqualTo(200);
      assertThat(pb.contentType())
          .isEqualTo("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
      assertThat(pb.headers().get("ETag")).isEqualTo(json.headers().get("ETag"));
    }
    assertThat(get("/openapi/v2", null, "application/json;q=0.9, */*;q=0.1").contentType())
        .isEqualTo("application/json");
    assertThat(get("/openapi/v2", null, "application/xml").status()).isEqualTo(406);
    assertThat(get("/openapi/v3/api/v1", null, OpenApiService.PROTOBUF).status()).isEqualTo(406);
  }

  @Test
  void protobufIsTheSameDocument() {
    JsonNode json = Fixtures.json(get("/openapi/v2", null, "application/json").body());
    byte[] pb = get("/openapi/v2", null, OpenApiService.PROTOBUF).body();
    ProtoReader document = new ProtoReader(pb);
    assertThat(document.strings(1)).containsExactly("2.0");
    ProtoReader info = document.messages(2).get(0);
    assertThat(info.strings(1)).containsExactly("Kubernetes");

    List<ProtoReader> definitions = document.messages(9).get(0).messages(1);
    assertThat(definitions).hasSize(json.get("definitions").size());
    ProtoReader pod = null;
    for (ProtoReader named : definitions) {
      if (named.strings(1).get(0).equals("io.k8s.api.core.v1.Pod")) {
        pod = named.messages(2).get(0);
      }
    }
    assertThat(pod).isNotNull();
    // vendor extension 31: NamedAny{name, Any{yaml}}; the YAML must be readable as such
    ProtoReader gvk = pod.messages(31).get(0);
    assertThat(gvk.strings(1)).containsExactly("x-kubernetes-group-version-kind");
    JsonNode value = Fixtures.yaml(gvk.messages(2).get(0).strings(2).get(0));
    assertThat(value.at("/0/kind").asText()).isEqualTo("Pod");
    // properties 25 -> NamedSchema; spec is a $ref (field 1)
    for (ProtoReader property : pod.messages(25).get(0).messages(1)) {
      if (property.strings(1).get(0).equals("spec")) {
        assertThat(property.messages(2).get(0).strings(1))
            .containsExactly("#/definitions/io.k8s.api.core.v1.PodSpec");
      }
    }

    List<ProtoReader> paths = document.messages(8).get(0).messages(2);
    assertThat(paths).hasSize(json.get("paths").size());
    for (ProtoReader named : paths) {
      if (named.strings(1).get(0).equals("/api/v1/namespaces/{namespace}/pods/{name}")) {
        ProtoReader patch = named.messages(2).get(0).messages(8).get(0);
        assertThat(patch.strings(5)).containsExactly("patchCoreV1NamespacedPod");
        // parameters: ParametersItem{Parameter{NonBodyParameter{QueryParameterSubSchema{name 4}}}}
        boolean fieldValidation = false;
        for (ProtoReader item : patch.messages(8)) {
          ProtoReader parameter = item.messages(1).get(0);
          for (ProtoReader nonBody : parameter.messages(2)) {
            for (ProtoReader query : nonBody.messages(3)) {
              fieldValidation |= query.strings(4).contains("fieldValidation");
            }
          }
        }
        assertThat(fieldValidation).isTrue();
      }
    }
  }

  @Test
  void v3DiscoveryListsEveryGroupVersionWithItsHash() {
    OpenApiResponse response = get("/openapi/v3", null, null);
    assertThat(response.contentType()).isEqualTo("application/json");
    JsonNode paths = Fixtures.json(response.body()).get("paths");
    Set<String> expected = new java.util.TreeSet<>();
    for (ResourceType t : registry.all()) {
      expected.add(KubeNames.groupVersionPath(t.group(), t.version()));
    }
    assertThat(paths.fieldNames()).toIterable().containsExactlyElementsOf(expected);
    assertThat(expected).contains("api/v1", "apis/apps/v1", "apis/coordination.k8s.io/v1");

    for (Map.Entry<String, JsonNode> gv : paths.properties()) {
      String url = gv.getValue().get("serverRelativeURL").asText();
      assertThat(url).startsWith("/openapi/v3/" + gv.getKey() + "?hash=");
      String hash = url.substring(url.indexOf("?hash=") + 6);
      OpenApiResponse doc = get("/openapi/v3/" + gv.getKey(), "hash=" + hash, "application/json");
      assertThat(doc.status()).isEqualTo(200);
      assertThat(doc.headers().get("ETag")).isEqualTo("\"" + hash + "\"");
      assertThat(Documents.etag(doc.body())).isEqualTo(hash);
      assertThat(doc.headers())
          .containsEntry("Cache-Control", "public, immutable")
          .containsEntry("Expires", "Fri, 01 Jan 2027 00:00:00 GMT")
          .containsEntry("Vary", "Accept");
    }
  }

  @Test
  void aStaleHashIsRedirectedAndNoHashIsNotCachedForever() {
    OpenApiResponse current = get("/openapi/v3/apis/apps/v1", null, null);
    String etag = current.headers().get("ETag").replace("\"", "");
    assertThat(current.headers()).containsEntry("Cache-Control", "no-cache, private");
    assertThat(current.headers()).doesNotContainKey("Expires");

    OpenApiResponse stale = get("/openapi/v3/apis/apps/v1", "hash=0123ABCD&timeout=32s", null);
    assertThat(stale.status()).isEqualTo(301);
    assertThat(stale.headers()).containsEntry("Location", "/openapi/v3/apis/apps/v1?hash=" + etag);
    assertThat(get("/openapi/v3/apis/nothing/v1", null, null).status()).isEqualTo(404);
    assertThat(get("/openapi/v3/apis/apps/v1/", null, null).status()).isEqualTo(200);
  }

  @Test
  void ifNoneMatchGets304() {
    OpenApiResponse first = get("/openapi/v2", null, null);
    String etag = first.headers().get("ETag");
    OpenApiResponse again = service.serve("/openapi/v2", null, null, etag).orElseThrow();
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers()).containsEntry("ETag", etag);
    assertThat(service.serve("/openapi/v2", null, null, "\"other\"").orElseThrow().status())
        .isEqualTo(200);
    OpenApiResponse v3 = get("/openapi/v3/api/v1", null, null);
    assertThat(
            service
                .serve("/openapi/v3/api/v1", null, null, v3.headers().get("ETag"))
                .orElseThrow()
                .status())
        .isEqualTo(304);
  }

  @Test
  void documentsAreCachedUntilTheRegistryChanges() {
    String before = get("/openapi/v2", null, null).headers().get("ETag");
    String discoveryBefore = get("/openapi/v3", null, null).headers().get("ETag");
    assertThat(get("/openapi/v2", null, null).headers().get("ETag")).isEqualTo(before);
    assertThat(get("/openapi/v3/apis/stable.example.com/v1", null, null).status()).isEqualTo(404);

    registry.add(Fixtures.CRONTABS);
    String after = get("/openapi/v2", null, null).headers().get("ETag");
    assertThat(after).isNotEqualTo(before);
    assertThat(get("/openapi/v3", null, null).headers().get("ETag")).isNotEqualTo(discoveryBefore);
    assertThat(get("/openapi/v3/apis/stable.example.com/v1", null, null).status()).isEqualTo(200);
    String appsHash = get("/openapi/v3/apis/apps/v1", null, null).headers().get("ETag");

    // a CRD update (new generation) is picked up without a call
    crd.set(Fixtures.cronTabCrd(2, "b"));
    String updated = get("/openapi/v2", null, null).headers().get("ETag");
    assertThat(updated).isNotEqualTo(after);
    JsonNode cronTab =
        Fixtures.json(get("/openapi/v3/apis/stable.example.com/v1", null, null).body())
            .at("/components/schemas/com.example.stable.v1.CronTab/properties/spec/properties");
    assertThat(cronTab.has("b")).isTrue();
    assertThat(cronTab.has("a")).isFalse();
    // other group versions keep their hash: clients keep their cached copies
    assertThat(get("/openapi/v3/apis/apps/v1", null, null).headers().get("ETag"))
        .isEqualTo(appsHash);

    registry.remove("stable.example.com", "crontabs");
    assertThat(get("/openapi/v2", null, null).headers().get("ETag")).isEqualTo(before);
  }

  @Test
  void invalidateRebuilds() {
    OpenApiResponse first = get("/openapi/v2", null, null);
    clock.advance(Duration.ofMinutes(5));
    assertThat(get("/openapi/v2", null, null).headers().get("Last-Modified"))
        .isEqualTo(first.headers().get("Last-Modified"));
    service.invalidate();
    OpenApiResponse rebuilt = get("/openapi/v2", null, null);
    assertThat(rebuilt.headers().get("Last-Modified")).isEqualTo("Thu, 01 Jan 2026 00:05:00 GMT");
    assertThat(rebuilt.headers().get("ETag")).isEqualTo(first.headers().get("ETag"));
  }
}
