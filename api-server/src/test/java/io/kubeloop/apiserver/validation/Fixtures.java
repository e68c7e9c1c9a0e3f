package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.List;

/** Valid objects to start test cases from, and helpers to read results. */
final class Fixtures {

  private Fixtures() {}

  static Pod pod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withContainers(new ContainerBuilder().withName("app").withImage("nginx:1.27").build())
        .endSpec()
        .build();
  }

  /** A pod as the registry would validate it: defaulted. */
  static Pod defaultedPod() {
    Pod pod = pod();
    rules(Pod.class).applyDefaults(pod);
    return pod;
  }

  static PodTemplateSpec template(String appLabel) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .addToLabels("app", appLabel)
        .endMetadata()
        .withNewSpec()
        .withContainers(new ContainerBuilder().withName("app").withImage("nginx").build())
        .endSpec()
        .build();
  }

  static Deployment deployment() {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels("app", "web")
        .endSelector()
        .withTemplate(template("web"))
        .endSpec()
        .build();
  }

  static <T extends HasMetadata> TypeRules<T> rules(Class<T> type) {
    return BuiltinRules.forType(type).orElseThrow();
  }

  /** The errors as kube prints them, one {@code field: message} per error. */
  static List<String> render(List<FieldError> errors) {
    return errors.stream().map(FieldError::toString).toList();
  }

  /** Validates after defaulting, as the registry does on create. */
  static <T extends HasMetadata> List<String> create(Class<T> type, T obj) {
    TypeRules<T> rules = rules(type);
    rules.applyDefaults(obj);
    return render(rules.validate(obj));
  }

  /** Validates an update after defaulting the new object; the old one gets a resourceVersion. */
  static <T extends HasMetadata> List<String> update(Class<T> type, T obj, T old) {
    TypeRules<T> rules = rules(type);
    rules.applyDefaults(obj);
    if (obj.getMetadata().getResourceVersion() == null) {
      obj.getMetadata().setResourceVersion("1");
    }
    return render(rules.validateUpdate(obj, old));
  }
}
