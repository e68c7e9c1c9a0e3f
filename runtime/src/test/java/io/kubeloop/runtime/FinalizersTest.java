package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FinalizersTest {

  // Never connects: the tests below must not reach the API server.
  static KubernetesClient offline;

  @BeforeAll
  static void client() {
    offline = new KubernetesClientBuilder().build();
  }

  @AfterAll
  static void close() {
    offline.close();
  }

  static ConfigMap withFinalizers(String... finalizers) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace("ns")
        .withName("cm")
        .withResourceVersion("7")
        .withFinalizers(finalizers)
        .endMetadata()
        .build();
  }

  @Test
  void addingAppendsOnceAndRemovingDropsEveryCopy() {
    assertThat(Finalizers.changed(null, "a.io/x", true)).containsExactly("a.io/x");
    assertThat(Finalizers.changed(List.of("a.io/y"), "a.io/x", true))
        .containsExactly("a.io/y", "a.io/x");
    assertThat(Finalizers.changed(List.of("a.io/x"), "a.io/x", true)).isNull();
    assertThat(Finalizers.changed(List.of("a.io/x", "b", "a.io/x"), "a.io/x", false))
        .containsExactly("b");
    assertThat(Finalizers.changed(List.of("b"), "a.io/x", false)).isNull();
    assertThat(Finalizers.changed(null, "a.io/x", false)).isNull();
  }

  @Test
  void thePatchPinsTheResourceVersionAndSetsTheWholeList() {
    assertThat(Finalizers.patch("42", List.of("a.io/x", "quote\"d")))
        .isEqualTo(
            "[{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\"42\"},"
                + "{\"op\":\"add\",\"path\":\"/metadata/finalizers\","
                + "\"value\":[\"a.io/x\",\"quote\\\"d\"]}]");
    assertThat(Finalizers.patch("1", List.of()))
        .endsWith("{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":[]}]");
  }

  @Test
  void finalizerNamesAreQualifiedNames() {
    Finalizers.checkFinalizer("example.com/cleanup");
    Finalizers.checkFinalizer("kubernetes");
    Finalizers.checkFinalizer("foregroundDeletion");
    Finalizers.checkFinalizer("a.b-c/Under_score.9");
    for (String bad : List.of("", "/x", "Example.com/x", "a.io/", "a.io/-x", "a b", "a.io/x/y")) {
      assertThatThrownBy(() -> Finalizers.checkFinalizer(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a qualified name");
    }
    assertThatThrownBy(() -> Finalizers.checkFinalizer("a.io/" + "x".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nothingIsWrittenWhenNothingChanges() {
    ConfigMap has = withFinalizers("a.io/x");
    assertThat(Finalizers.add(offline, has, "a.io/x")).isSameAs(has);
    ConfigMap hasNot = withFinalizers("a.io/y");
    assertThat(Finalizers.remove(offline, hasNot, "a.io/x")).isSameAs(hasNot);
    assertThat(Finalizers.contains(has, "a.io/x")).isTrue();
    assertThat(Finalizers.contains(new ConfigMap(), "a.io/x")).isFalse();
  }

  @Test
  void argumentsFailFast() {
    ConfigMap cm = withFinalizers();
    assertThatThrownBy(() -> Finalizers.add(offline, cm, "a.io/x", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be at least 1: 0");
    assertThatThrownBy(() -> Finalizers.add(offline, cm, "bad name"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
