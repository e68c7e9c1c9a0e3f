package io.kubeloop.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubeloop.apiserver.errors.ApiException;
import org.junit.jupiter.api.Test;

class PatchTypeTest {

  @Test
  void recognisesKubesPatchContentTypes() {
    assertThat(PatchType.fromContentType("application/json-patch+json"))
        .isEqualTo(PatchType.JSON_PATCH);
    assertThat(PatchType.fromContentType("application/merge-patch+json; charset=utf-8"))
        .isEqualTo(PatchType.MERGE_PATCH);
    assertThat(PatchType.fromContentType("application/strategic-merge-patch+json"))
        .isEqualTo(PatchType.STRATEGIC_MERGE_PATCH);
    assertThat(PatchType.fromContentType("application/apply-patch+yaml"))
        .isEqualTo(PatchType.APPLY_YAML);
  }

  @Test
  void rejectsOtherContentTypesWith415() {
    String builtIn =
        "the body of the request was in an unknown format - accepted media types include:"
            + " application/json-patch+json, application/merge-patch+json,"
            + " application/strategic-merge-patch+json, application/apply-patch+yaml";
    for (String contentType :
        new String[] {
          "application/json",
          "Application/JSON-Patch+json",
          " application/json-patch+json",
          "application/json-patch+json ; charset=utf-8",
          ";application/json-patch+json",
          "",
          null
        }) {
      assertThatThrownBy(() -> PatchType.fromContentType(contentType))
          .as(String.valueOf(contentType))
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.code()).isEqualTo(415);
                assertThat(e.reason()).isEqualTo("UnsupportedMediaType");
                assertThat(e.getMessage()).isEqualTo(builtIn);
              });
    }
  }

  @Test
  void customResourcesDoNotTakeStrategicMergePatches() {
    assertThatThrownBy(
            () ->
                PatchType.fromContentType(
                    "application/strategic-merge-patch+json", PatchType.CUSTOM_RESOURCE))
        .hasMessage(
            "the body of the request was in an unknown format - accepted media types include:"
                + " application/json-patch+json, application/merge-patch+json,"
                + " application/apply-patch+yaml");
    assertThat(PatchType.fromContentType("application/merge-patch+json", PatchType.CUSTOM_RESOURCE))
        .isEqualTo(PatchType.MERGE_PATCH);
  }
}
