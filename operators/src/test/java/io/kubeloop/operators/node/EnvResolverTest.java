package io.kubeloop.operators.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvResolverTest {

  private final EnvResolver.Sources sources =
      new EnvResolver.Sources() {
        @Override
        public Optional<ConfigMap> configMap(String namespace, String name) {
          return name.equals("cm")
              ? Optional.of(
                  new ConfigMapBuilder()
                      .withNewMetadata()
                      .withName("cm")
                      .endMetadata()
                      .withData(Map.of("a", "1", "b", "2"))
                      .build())
              : Optional.empty();
        }

        @Override
        public Optional<Secret> secret(String namespace, String name) {
          return name.equals("sec")
              ? Optional.of(
                  new SecretBuilder()
                      .withNewMetadata()
                      .withName("sec")
                      .endMetadata()
                      .withData(Map.of("pw", b64("hunter2")))
                      .build())
              : Optional.empty();
        }
      };

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Pod pod(Container container) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("shop")
        .withUid("u-1")
        .withLabels(Map.of("app", "web", "tier", "front"))
        .endMetadata()
        .withNewSpec()
        .withNodeName("n1")
        .withContainers(container)
        .endSpec()
        .build();
  }

  private Map<String, String> resolve(Container container) throws ContainerConfigException {
    return EnvResolver.resolve(
        pod(container),
        container,
        "10.0.0.5",
        "10.0.0.1",
        Map.of("cpu", new Quantity("4")),
        sources);
  }

  @Test
  void valuesExpandEarlierVariables() throws Exception {
    Container c =
        new ContainerBuilder()
            .withName("main")
            .addNewEnv()
            .withName("A")
            .withValue("x")
            .endEnv()
            .addNewEnv()
            .withName("B")
            .withValue("$(A)-$(MISSING)-$$(A)-$")
            .endEnv()
            .build();
    Map<String, String> env = resolve(c);
    assertThat(env).containsEntry("B", "x-$(MISSING)-$(A)-$");
    assertThat(env)
        .containsEntry("PATH", CommandResolver.DEFAULT_PATH)
        .containsEntry("HOSTNAME", "web");
  }

  @Test
  void theDownwardApiAndSourcesFillValues() throws Exception {
    Container c =
        new ContainerBuilder()
            .withName("main")
            .addNewEnv()
            .withName("NAME")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("UID")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.uid")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("TIER")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.labels['tier']")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("IP")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("status.podIP")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("CPUS")
            .withNewValueFrom()
            .withNewResourceFieldRef()
            .withResource("limits.cpu")
            .endResourceFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("PW")
            .withNewValueFrom()
            .withNewSecretKeyRef("pw", "sec", false)
            .endValueFrom()
            .endEnv()
            .addNewEnvFrom()
            .withPrefix("CM_")
            .withNewConfigMapRef("cm", false)
            .endEnvFrom()
            .build();
    assertThat(resolve(c))
        .containsEntry("NAME", "web")
        .containsEntry("UID", "u-1")
        .containsEntry("TIER", "front")
        .containsEntry("IP", "10.0.0.5")
        .containsEntry("CPUS", "4")
        .containsEntry("PW", "hunter2")
        .containsEntry("CM_a", "1")
        .containsEntry("CM_b", "2");
  }

  @Test
  void missingSourcesAreConfigErrorsUnlessOptional() throws Exception {
    Container missingMap =
        new ContainerBuilder()
            .withName("main")
            .addNewEnv()
            .withName("X")
            .withNewValueFrom()
            .withNewConfigMapKeyRef("a", "other", false)
            .endValueFrom()
            .endEnv()
            .build();
    assertThatThrownBy(() -> resolve(missingMap))
        .isInstanceOf(ContainerConfigException.class)
        .hasMessage("configmap \"other\" not found");
    Container missingKey =
        new ContainerBuilder()
            .withName("main")
            .addNewEnv()
            .withName("X")
            .withNewValueFrom()
            .withNewSecretKeyRef("nokey", "sec", false)
            .endValueFrom()
            .endEnv()
            .build();
    assertThatThrownBy(() -> resolve(missingKey))
        .hasMessage("couldn't find key nokey in Secret shop/sec");
    Container optional =
        new ContainerBuilder()
            .withName("main")
            .addNewEnv()
            .withName("X")
            .withNewValueFrom()
            .withNewConfigMapKeyRef("a", "other", true)
            .endValueFrom()
            .endEnv()
            .build();
    assertThat(resolve(optional)).doesNotContainKey("X");
  }
}
