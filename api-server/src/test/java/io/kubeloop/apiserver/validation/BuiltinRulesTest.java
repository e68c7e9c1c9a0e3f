package io.kubeloop.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltinRulesTest {

  @Test
  void lookups() {
    assertThat(BuiltinRules.forType(Pod.class)).get().extracting(TypeRules::kind).isEqualTo("Pod");
    assertThat(BuiltinRules.forType(HasMetadata.class)).isEmpty();
    assertThat(BuiltinRules.forKind("apps", "Deployment"))
        .get()
        .extracting(TypeRules::type)
        .isEqualTo(Deployment.class);
    assertThat(BuiltinRules.forKind("", "Event"))
        .get()
        .extracting(TypeRules::type)
        .isEqualTo(io.fabric8.kubernetes.api.model.Event.class);
    assertThat(BuiltinRules.forKind("events.k8s.io", "Event"))
        .get()
        .extracting(TypeRules::type)
        .isEqualTo(io.fabric8.kubernetes.api.model.events.v1.Event.class);
    assertThat(BuiltinRules.forKind("", "Deployment")).isEmpty();
    assertThat(BuiltinRules.all())
        .extracting(r -> (r.group().isEmpty() ? "" : r.group() + "/") + r.kind())
        .containsExactly(
            "Namespace",
            "Pod",
            "Node",
            "ConfigMap",
            "Secret",
            "Service",
            "ServiceAccount",
            "Event",
            "events.k8s.io/Event",
            "apps/Deployment",
            "apps/ReplicaSet",
            "coordination.k8s.io/Lease");
    assertThat(BuiltinRules.all())
        .filteredOn(r -> !r.namespaced())
        .extracting(TypeRules::kind)
        .containsExactly("Namespace", "Node");
  }

  @Test
  void errorsBecomeKubesInvalidStatus() {
    Pod pod = Fixtures.pod();
    pod.getMetadata().setName("Foo");
    pod.getSpec()
        .getContainers()
        .add(
            new io.fabric8.kubernetes.api.model.ContainerBuilder()
                .withName("app")
                .withImage("x")
                .build());
    TypeRules<Pod> rules = BuiltinRules.forType(Pod.class).orElseThrow();
    rules.applyDefaults(pod);
    List<FieldError> errors = rules.validate(pod);
    ApiException e =
        ApiException.invalid(rules.kind(), rules.group(), pod.getMetadata().getName(), errors);
    assertThat(e.code()).isEqualTo(422);
    assertThat(e.status().getMessage())
        .isEqualTo(
            "Pod \"Foo\" is invalid: [metadata.name: Invalid value: \"Foo\": "
                + NamesTest.SUBDOMAIN_MSG
                + ", spec.containers[1].name: Duplicate value: \"app\"]");
    assertThat(e.status().getDetails().getCauses())
        .extracting(c -> c.getReason() + " " + c.getField())
        .containsExactly(
            "FieldValueInvalid metadata.name", "FieldValueDuplicate spec.containers[1].name");
  }

  @Test
  void everyKindAcceptsWhatItDefaults() {
    ConfigMap cm =
        new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
            .withNewMetadata()
            .withName("c")
            .withNamespace("n")
            .endMetadata()
            .build();
    assertThat(Fixtures.create(ConfigMap.class, cm)).isEmpty();
  }
}
