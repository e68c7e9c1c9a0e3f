package io.kubeloop.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.resource.ResourceRegistry;
import io.kubeloop.apiserver.resource.ResourceType;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamespaceLifecycleTest {

  private final ResourceType configMaps =
      ResourceRegistry.withBuiltins().find("", "v1", "configmaps").orElseThrow();
  private final Map<String, NamespaceLifecycle.Namespace> stored = new HashMap<>();
  private final NamespaceLifecycle plugin =
      new NamespaceLifecycle(name -> Optional.ofNullable(stored.get(name)));

  @Test
  void aNamespaceIsParsedOncePerVersion() {
    stored.put("team", namespace(7, "{\"metadata\":{\"name\":\"team\"}}"));
    plugin.admit(create("team"));

    // the same version again: what was worked out is reused, the bytes are not read
    stored.put("team", namespace(7, "not json at all"));
    plugin.admit(create("team"));

    stored.put(
        "team",
        namespace(9, "{\"metadata\":{\"name\":\"team\"},\"status\":{\"phase\":\"Terminating\"}}"));
    assertThatThrownBy(() -> plugin.admit(create("team")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403))
        .hasMessageContaining("because it is being terminated");
  }

  @Test
  void aDeletionTimestampMeansTerminating() {
    stored.put(
        "team",
        namespace(
            3,
            "{\"metadata\":{\"name\":\"team\",\"deletionTimestamp\":\"2026-11-22T00:00:00Z\"}}"));

    assertThatThrownBy(() -> plugin.admit(create("team")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(403));
  }

  @Test
  void aMissingNamespaceIsNotFoundAndForgotten() {
    stored.put("gone", namespace(4, "{\"metadata\":{\"name\":\"gone\"}}"));
    plugin.admit(create("gone"));
    stored.remove("gone");

    assertThatThrownBy(() -> plugin.admit(create("gone")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(404));
    assertThat(plugin.remembered()).isZero();
  }

  private AdmissionRequest create(String namespace) {
    return new AdmissionRequest(
        AdmissionRequest.Operation.CREATE, configMaps, "", namespace, "cm", null, null, false);
  }

  private static NamespaceLifecycle.Namespace namespace(long revision, String json) {
    return new NamespaceLifecycle.Namespace(revision, json.getBytes(StandardCharsets.UTF_8));
  }
}
