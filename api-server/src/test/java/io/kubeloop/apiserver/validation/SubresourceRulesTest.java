package io.kubeloop.apiserver.validation;

import static io.kubeloop.apiserver.validation.Fixtures.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import org.junit.jupiter.api.Test;

class SubresourceRulesTest {

  @Test
  void bindings() {
    Binding ok =
        new BindingBuilder()
            .withNewMetadata()
            .withName("web")
            .endMetadata()
            .withNewTarget()
            .withKind("Node")
            .withName("node-1")
            .endTarget()
            .build();
    assertThat(SubresourceRules.validateBinding(ok)).isEmpty();
    Binding bad =
        new BindingBuilder()
            .withNewMetadata()
            .withName("web")
            .endMetadata()
            .withNewTarget()
            .withKind("Pod")
            .endTarget()
            .build();
    assertThat(render(SubresourceRules.validateBinding(bad)))
        .containsExactly(
            "target.kind: Unsupported value: \"Pod\": supported values: \"Node\", \"<empty>\"",
            "target.name: Required value");
  }

  @Test
  void namespaceFinalize() {
    Namespace old =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName("a")
            .withResourceVersion("4")
            .endMetadata()
            .withNewSpec()
            .withFinalizers("kubernetes")
            .endSpec()
            .build();
    Namespace released = new NamespaceBuilder(old).withNewSpec().endSpec().build();
    assertThat(SubresourceRules.validateNamespaceFinalize(released, old)).isEmpty();
    Namespace bad =
        new NamespaceBuilder(old)
            .withNewSpec()
            .withFinalizers("kubernetes", "bad")
            .endSpec()
            .build();
    assertThat(render(SubresourceRules.validateNamespaceFinalize(bad, old)))
        .containsExactly(
            "spec.finalizers[1]: Invalid value: \"bad\": name is neither a standard finalizer name"
                + " nor is it fully qualified");
  }
}
