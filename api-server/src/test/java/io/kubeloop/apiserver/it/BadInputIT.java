package io.kubeloop.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed requests of every kind: each gets a 4xx {@code Status} with the code in the body
 * matching the HTTP code — never a 5xx, never a hang.
 */
class BadInputIT {

  static ServerFixture fixture;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    fixture = ServerFixture.start();
    fixture
        .client
        .configMaps()
        .inNamespace("default")
        .resource(
            new ConfigMapBuilder().withNewMetadata().withName("existing").endMetadata().build())
        .create();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static final String CM = "/api/v1/namespaces/default/configmaps";
  static final String POD = "/api/v1/namespaces/default/pods";
  static final String DEPLOY = "/apis/apps/v1/namespaces/default/deployments";
  static final String JSON_T = "application/json";

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    // broken bodies
    add(cases, "truncated JSON", "POST", CM, JSON_T, "{\"metadata\":{\"name\":\"a\"", 400);
    add(cases, "not JSON", "POST", CM, JSON_T, "hello", 400);
    add(cases, "empty body", "POST", CM, JSON_T, "", 400);
    add(cases, "array body", "POST", CM, JSON_T, "[1,2]", 400);
    add(cases, "string body", "POST", CM, JSON_T, "\"x\"", 400);
    add(cases, "trailing garbage", "POST", CM, JSON_T, "{\"metadata\":{\"name\":\"tg\"}} xx", 400);
    add(cases, "deep nesting", "POST", CM, JSON_T, "[".repeat(5000) + "]".repeat(5000), 400);
    add(
        cases,
        "deep object nesting",
        "POST",
        CM,
        JSON_T,
        "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
        400);
    add(
        cases,
        "invalid UTF-8 escape",
        "POST",
        CM,
        JSON_T,
        "{\"metadata\":{\"name\":\"\\uZZZZ\"}}",
        400);
    add(cases, "metadata not an object", "POST", CM, JSON_T, "{\"metadata\":5}", 400);
    add(cases, "broken YAML", "POST", CM, "application/yaml", "metadata: [unclosed", 400);
    // wrong type for the URL
    add(
        cases,
        "wrong kind",
        "POST",
        CM,
        JSON_T,
        "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"wk\"}}",
        400);
    add(
        cases,
        "wrong apiVersion",
        "POST",
        CM,
        JSON_T,
        "{\"kind\":\"ConfigMap\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"wa\"}}",
        400);
    add(
        cases,
        "namespace mismatch",
        "POST",
        CM,
        JSON_T,
        "{\"metadata\":{\"name\":\"nm\",\"namespace\":\"other\"}}",
        400);
    add(
        cases,
        "name mismatch on PUT",
        "PUT",
        CM + "/existing",
        JSON_T,
        "{\"metadata\":{\"name\":\"different\"}}",
        400);
    add(
        cases,
        "resourceVersion on create",
        "POST",
        CM,
        JSON_T,
        "{\"metadata\":{\"name\":\"rv\",\"resourceVersion\":\"5\"}}",
        400);
    // invalid names
    add(cases, "uppercase name", "POST", CM, JSON_T, "{\"metadata\":{\"name\":\"Upper\"}}", 422);
    add(cases, "missing name", "POST", CM, JSON_T, "{\"metadata\":{}}", 422);
    add(
        cases,
        "too long name",
        "POST",
        CM,
        JSON_T,
        "{\"metadata\":{\"name\":\"" + "a".repeat(300) + "\"}}",
        422);
    add(cases, "name with slash in path", "GET", CM + "/a%2Fb", null, null, 400);
    add(cases, "dot-dot name", "GET", CM + "/..", null, null, 400);
    // selectors
    add(cases, "bad label selector", "GET", CM + "?labelSelector=a%20in%20(", null, null, 400);
    add(cases, "bad label key", "GET", CM + "?labelSelector=-bad-=x", null, null, 400);
    add(cases, "bad label value", "GET", CM + "?labelSelector=a%3D%25%25", null, null, 400);
    add(cases, "bad set operator", "GET", CM + "?labelSelector=a%20within%20(b)", null, null, 400);
    add(
        cases,
        "unknown field selector",
        "GET",
        CM + "?fieldSelector=spec.foo%3Dx",
        null,
        null,
        400);
    add(
        cases,
        "field selector without operator",
        "GET",
        CM + "?fieldSelector=metadata.name",
        null,
        null,
        400);
    add(
        cases,
        "pod field selector on configmaps",
        "GET",
        CM + "?fieldSelector=status.phase%3DRunning",
        null,
        null,
        400);
    // limit, continue and resourceVersion
    add(cases, "non-numeric limit", "GET", CM + "?limit=abc", null, null, 400);
    add(cases, "negative limit", "GET", CM + "?limit=-5", null, null, 422);
    add(cases, "garbage continue", "GET", CM + "?limit=5&continue=%25%25%25", null, null, 400);
    add(
        cases,
        "continue not base64 json",
        "GET",
        CM + "?limit=5&continue=aGVsbG8",
        null,
        null,
        400);
    add(
        cases,
        "continue with resourceVersion",
        "GET",
        CM
            + "?limit=1&continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MSwic3RhcnQiOiJhIn0&resourceVersion=5",
        null,
        null,
        400);
    add(
        cases,
        "bad resourceVersion on get",
        "GET",
        CM + "/existing?resourceVersion=abc",
        null,
        null,
        400);
    add(
        cases,
        "bad resourceVersionMatch",
        "GET",
        CM + "?resourceVersion=1&resourceVersionMatch=Sometimes",
        null,
        null,
        422);
    add(
        cases,
        "resourceVersionMatch without resourceVersion",
        "GET",
        CM + "?resourceVersionMatch=Exact",
        null,
        null,
        422);
    add(
        cases,
        "exact with zero",
        "GET",
        CM + "?resourceVersion=0&resourceVersionMatch=Exact",
        null,
        null,
        422);
    add(cases, "bad watch timeout", "GET", CM + "?watch=true&timeoutSeconds=soon", null, null, 400);
    add(
        cases,
        "bad sendInitialEvents",
        "GET",
        CM + "?watch=true&sendInitialEvents=maybe",
        null,
        null,
        400);
    add(
        cases,
        "resourceVersionMatch on watch",
        "GET",
        CM + "?watch=true&resourceVersion=1&resourceVersionMatch=Exact",
        null,
        null,
        422);
    // unknown things
    add(cases, "unknown resource", "GET", "/api/v1/namespaces/default/widgets", null, null, 404);
    add(cases, "unknown group", "GET", "/apis/example.com/v1/widgets", null, null, 404);
    add(cases, "unknown version", "GET", "/api/v2/pods", null, null, 404);
    add(cases, "unknown subresource", "GET", CM + "/existing/frobnicate", null, null, 404);
    add(
        cases,
        "namespaced name without namespace",
        "GET",
        "/api/v1/configmaps/existing",
        null,
        null,
        404);
    add(
        cases,
        "cluster-scoped under a namespace",
        "GET",
        "/api/v1/namespaces/default/nodes",
        null,
        null,
        404);
    add(cases, "unknown discovery path", "GET", "/apis/nope", null, null, 404);
    // methods and media types
    add(cases, "POST with a name", "POST", CM + "/existing", JSON_T, "{}", 405);
    add(cases, "PUT on a collection", "PUT", CM, JSON_T, "{}", 405);
    add(cases, "unsupported body type", "POST", CM, "text/plain", "metadata", 415);
    add(cases, "unsupported patch type", "PATCH", CM + "/existing", "application/xml", "<x/>", 415);
    add(
        cases,
        "protobuf only accept",
        "GET",
        CM,
        null,
        null,
        406,
        Map.of("Accept", "application/vnd.kubernetes.protobuf"));
    // patches
    add(
        cases,
        "json patch not an array",
        "PATCH",
        CM + "/existing",
        "application/json-patch+json",
        "{}",
        400);
    add(
        cases,
        "json patch bad op",
        "PATCH",
        CM + "/existing",
        "application/json-patch+json",
        "[{\"op\":\"jump\",\"path\":\"/a\"}]",
        422);
    add(
        cases,
        "merge patch not JSON",
        "PATCH",
        CM + "/existing",
        "application/merge-patch+json",
        "{{",
        400);
    add(
        cases,
        "patch on missing object",
        "PATCH",
        CM + "/missing",
        "application/merge-patch+json",
        "{}",
        404);
    // writes that break rules
    add(
        cases,
        "create existing",
        "POST",
        CM,
        JSON_T,
        "{\"metadata\":{\"name\":\"existing\"}}",
        409);
    add(
        cases,
        "stale update",
        "PUT",
        CM + "/existing",
        JSON_T,
        "{\"metadata\":{\"name\":\"existing\",\"resourceVersion\":\"1\"}}",
        409);
    add(
        cases,
        "bad dryRun",
        "POST",
        CM + "?dryRun=Some",
        JSON_T,
        "{\"metadata\":{\"name\":\"dr\"}}",
        422);
    add(
        cases,
        "bad fieldValidation",
        "POST",
        CM + "?fieldValidation=Loose",
        JSON_T,
        "{\"metadata\":{\"name\":\"fv\"}}",
        400);
    add(
        cases,
        "strict unknown field",
        "POST",
        CM + "?fieldValidation=Strict",
        JSON_T,
        "{\"metadata\":{\"name\":\"uf\"},\"bogus\":1}",
        400);
    add(
        cases,
        "bad propagation policy",
        "DELETE",
        CM + "/existing?propagationPolicy=Sideways",
        null,
        null,
        422);
    add(
        cases,
        "bad grace period",
        "DELETE",
        CM + "/existing?gracePeriodSeconds=later",
        null,
        null,
        400);
    add(cases, "delete missing", "DELETE", CM + "/missing", null, null, 404);
    add(
        cases,
        "delete with wrong uid precondition",
        "DELETE",
        CM + "/existing",
        JSON_T,
        "{\"preconditions\":{\"uid\":\"nope\"}}",
        409);
    add(cases, "delete options not JSON", "DELETE", CM + "/existing", JSON_T, "nope", 400);
    add(
        cases,
        "pod without containers",
        "POST",
        POD,
        JSON_T,
        "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[]}}",
        422);
    add(
        cases,
        "deployment selector mismatch",
        "POST",
        DEPLOY,
        JSON_T,
        "{\"metadata\":{\"name\":\"d\"},\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":{\"metadata\":{\"labels\":{\"a\":\"c\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"i\"}]}}}}",
        422);
    add(
        cases,
        "binding without target",
        "POST",
        POD + "/nopod/binding",
        JSON_T,
        "{\"metadata\":{\"name\":\"nopod\"}}",
        422);
    add(cases, "scale on configmaps", "GET", CM + "/existing/scale", null, null, 404);
    add(
        cases,
        "oversize body",
        "POST",
        CM,
        JSON_T,
        "{\"metadata\":{\"name\":\"big\"},\"data\":{\"x\":\""
            + "a".repeat(3 * 1024 * 1024 + 10)
            + "\"}}",
        413);
    return cases.stream();
  }

  private static void add(
      List<Arguments> cases,
      String name,
      String method,
      String path,
      String type,
      String body,
      int code) {
    add(cases, name, method, path, type, body, code, Map.of());
  }

  private static void add(
      List<Arguments> cases,
      String name,
      String method,
      String path,
      String type,
      String body,
      int code,
      Map<String, String> headers) {
    cases.add(Arguments.of(name, method, path, type, body, code, headers));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersWithStatus(
      String name,
      String method,
      String path,
      String type,
      String body,
      int code,
      Map<String, String> headers)
      throws Exception {
    ServerFixture.Raw raw = fixture.request(method, path, type, body, headers);
    assertThat(raw.code()).as(raw.body()).isEqualTo(code);
    JsonNode status = JSON.readTree(raw.body());
    assertThat(status.path("kind").asText()).as(raw.body()).isEqualTo("Status");
    assertThat(status.path("status").asText()).isEqualTo("Failure");
    assertThat(status.path("code").asInt()).isEqualTo(code);
    assertThat(status.path("reason").asText()).isNotEmpty();
  }

  @org.junit.jupiter.api.Test
  void suiteIsLargeEnough() {
    assertThat(cases().count()).isGreaterThanOrEqualTo(50);
  }
}
