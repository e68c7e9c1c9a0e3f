package io.kubeloop.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubeloop.apiserver.errors.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MediaTypesTest {

  private static final byte[] JSON = "{\"kind\":\"ConfigMap\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void readsJsonAndYamlBodies() {
    assertThat(MediaTypes.readObject(JSON, "application/json", true).path("kind").asText())
        .isEqualTo("ConfigMap");
    assertThat(
            MediaTypes.readObject(
                    "kind: Secret\n".getBytes(StandardCharsets.UTF_8), "application/yaml", false)
                .path("kind")
                .asText())
        .isEqualTo("Secret");
  }

  @Test
  void protobufIsRefusedWhereTheTypeHasNoProtobufForm() {
    assertThatThrownBy(
            () -> MediaTypes.readObject(JSON, "application/vnd.kubernetes.protobuf", false))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(415);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "the body of the request was in an unknown format - accepted media types"
                          + " include: application/json, application/yaml");
            });
  }

  @Test
  void protobufIsReadAndOffered415sListItForBuiltIns() {
    assertThatThrownBy(
            () -> MediaTypes.readObject(JSON, "application/vnd.kubernetes.protobuf", true))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    assertThatThrownBy(() -> MediaTypes.readObject(JSON, "text/plain", true))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(415);
              assertThat(e.getMessage()).endsWith("application/vnd.kubernetes.protobuf");
            });
  }
}
