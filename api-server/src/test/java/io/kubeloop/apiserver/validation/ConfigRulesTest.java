package io.kubeloop.apiserver.validation;

import static io.kubeloop.apiserver.validation.Fixtures.create;
import static io.kubeloop.apiserver.validation.Fixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Namespace, ConfigMap, Secret and ServiceAccount. */
class ConfigRulesTest {

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static Secret secret(String type, Map<String, String> data) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("s")
        .withNamespace("default")
        .endMetadata()
        .withType(type)
        .withData(data)
        .build();
  }

  @Test
  void secretTypeDefaultsToOpaqueAndStringDataIsFoldedIntoData() {
    Secret s = secret(null, Map.of("a", b64("1"), "b", b64("2")));
    s.setStringData(Map.of("b", "two"));
    assertThat(create(Secret.class, s)).isEmpty();
    assertThat(s.getType()).isEqualTo("Opaque");
    assertThat(s.getData()).containsEntry("a", b64("1")).containsEntry("b", b64("two"));
    assertThat(s.getStringData()).isNull();
  }

  static Stream<Arguments> secrets() {
    return Stream.of(
        Arguments.of(secret("Opaque", Map.of("ok.key", b64("x"))), List.of()),
        Arguments.of(
            secret("Opaque", Map.of("bad key", b64("x"))),
            List.of(
                "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of"
                    + " alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME', "
                    + " or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")),
        Arguments.of(
            secret(
                "Opaque",
                Map.of("big", Base64.getEncoder().encodeToString(new byte[1024 * 1024 + 1]))),
            List.of("data: Too long: may not be more than 1048576 bytes")),
        Arguments.of(
            secret("kubernetes.io/service-account-token", Map.of()),
            List.of("metadata.annotations[kubernetes.io/service-account.name]: Required value")),
        Arguments.of(
            secret("kubernetes.io/tls", Map.of("tls.crt", b64("c"))),
            List.of("data[tls.key]: Required value")),
        Arguments.of(
            secret("kubernetes.io/basic-auth", Map.of()),
            List.of("data[username]: Required value", "data[password]: Required value")),
        Arguments.of(secret("kubernetes.io/basic-auth", Map.of("password", b64(""))), List.of()),
        Arguments.of(
            secret("kubernetes.io/ssh-auth", Map.of()),
            List.of("data[ssh-privatekey]: Required value")),
        Arguments.of(
            secret("kubernetes.io/dockerconfigjson", Map.of()),
            List.of("data[.dockerconfigjson]: Required value")),
        Arguments.of(
            secret("kubernetes.io/dockerconfigjson", Map.of(".dockerconfigjson", b64("[]"))),
            List.of(
                "data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": json: cannot"
                    + " unmarshal array into Go value of type map[string]interface {}")),
        Arguments.of(
            secret(
                "kubernetes.io/dockerconfigjson",
                Map.of(".dockerconfigjson", b64("{\"auths\":{}}"))),
            List.of()));
  }

  @ParameterizedTest
  @MethodSource("secrets")
  void secretValidation(Secret secret, List<String> expected) {
    assertThat(create(Secret.class, secret)).containsExactlyElementsOf(expected);
  }

  @Test
  void secretTypeAndImmutableData() {
    Secret old = secret("Opaque", Map.of("a", b64("1")));
    old.setImmutable(true);
    Fixtures.rules(Secret.class).applyDefaults(old);
    old.getMetadata().setResourceVersion("1");
    Secret s =
        new SecretBuilder(old)
            .withType("kubernetes.io/tls")
            .withData(Map.of("tls.crt", b64("c"), "tls.key", b64("k")))
            .build();
    assertThat(update(Secret.class, s, old))
        .containsExactly(
            "type: Invalid value: \"kubernetes.io/tls\": field is immutable",
            "data: Forbidden: field is immutable when `immutable` is set");
  }

  static ConfigMap configMap(Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("c")
        .withNamespace("ns")
        .endMetadata()
        .withData(data)
        .build();
  }

  @Test
  void configMaps() {
    assertThat(create(ConfigMap.class, configMap(Map.of("app.properties", "x=1")))).isEmpty();
    ConfigMap dup = configMap(Map.of("k", "v"));
    dup.setBinaryData(Map.of("k", b64("v")));
    assertThat(create(ConfigMap.class, dup))
        .containsExactly("data[k]: Invalid value: \"k\": duplicate of key present in binaryData");
    assertThat(create(ConfigMap.class, configMap(Map.of("..data", "x"))))
        .containsExactly("data[..data]: Invalid value: \"..data\": must not start with '..'");
    assertThat(create(ConfigMap.class, configMap(Map.of("k", "x".repeat(1024 * 1024 + 1)))))
        .containsExactly(": Too long: may not be more than 1048576 bytes");
  }

  @Test
  void immutableConfigMapsStaySo() {
    ConfigMap old = configMap(Map.of("k", "v"));
    old.setImmutable(true);
    old.getMetadata().setResourceVersion("1");
    ConfigMap changed =
        new ConfigMapBuilder(old).withImmutable(false).withData(Map.of("k", "w")).build();
    assertThat(update(ConfigMap.class, changed, old))
        .containsExactly(
            "immutable: Forbidden: field is immutable when `immutable` is set",
            "data: Forbidden: field is immutable when `immutable` is set");
    ConfigMap relabeled =
        new ConfigMapBuilder(old).editMetadata().addToLabels("a", "b").endMetadata().build();
    assertThat(update(ConfigMap.class, relabeled, old)).isEmpty();
  }

  @Test
  void namespaces() {
    Namespace ns =
        new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata().build();
    assertThat(create(Namespace.class, ns)).isEmpty();
    assertThat(ns.getMetadata().getLabels()).containsEntry("kubernetes.io/metadata.name", "team-a");
    assertThat(ns.getStatus().getPhase()).isEqualTo("Active");

    Namespace dotted =
        new NamespaceBuilder().withNewMetadata().withName("team.a").endMetadata().build();
    assertThat(create(Namespace.class, dotted))
        .containsExactly("metadata.name: Invalid value: \"team.a\": must not contain dots");

    Namespace namespaced =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName("a")
            .withNamespace("b")
            .endMetadata()
            .build();
    assertThat(create(Namespace.class, namespaced))
        .containsExactly("metadata.namespace: Forbidden: not allowed on this type");

    Namespace finalizers =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName("a")
            .endMetadata()
            .withNewSpec()
            .withFinalizers("kubernetes", "foo")
            .endSpec()
            .build();
    assertThat(create(Namespace.class, finalizers))
        .containsExactly(
            "spec.finalizers: Invalid value: \"foo\": name is neither a standard finalizer name nor is"
                + " it fully qualified");
  }

  @Test
  void namespacePhaseFollowsDeletion() {
    Namespace old =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName("a")
            .withResourceVersion("1")
            .endMetadata()
            .build();
    Fixtures.rules(Namespace.class).applyDefaults(old);
    Namespace terminating =
        new NamespaceBuilder(old).withNewStatus().withPhase("Terminating").endStatus().build();
    assertThat(
            Fixtures.render(Fixtures.rules(Namespace.class).validateStatusUpdate(terminating, old)))
        .containsExactly(
            "status.Phase: Invalid value: \"Terminating\": may only be 'Active' if"
                + " `deletionTimestamp` is empty");
  }

  @Test
  void serviceAccounts() {
    ServiceAccount sa =
        new ServiceAccountBuilder()
            .withNewMetadata()
            .withName("default")
            .withNamespace("ns")
            .endMetadata()
            .build();
    assertThat(create(ServiceAccount.class, sa)).isEmpty();
    sa.getMetadata().setName("Default");
    assertThat(create(ServiceAccount.class, sa))
        .containsExactly("metadata.name: Invalid value: \"Default\": " + NamesTest.SUBDOMAIN_MSG);
  }
}
