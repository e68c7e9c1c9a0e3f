package io.kubeloop.apiserver.validation;

import static io.kubeloop.apiserver.validation.Fixtures.create;
import static io.kubeloop.apiserver.validation.Fixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeRulesTest {

  static Node node() {
    return new NodeBuilder()
        .withNewMetadata()
        .withName("node-1")
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .build();
  }

  @Test
  void allocatableDefaultsToCapacity() {
    Node node = node();
    node.setStatus(
        new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
            .addToCapacity("cpu", new Quantity("4000m"))
            .addToCapacity("memory", new Quantity("8Gi"))
            .build());
    assertThat(create(Node.class, node)).isEmpty();
    assertThat(node.getStatus().getAllocatable())
        .containsEntry("cpu", new Quantity("4"))
        .containsEntry("memory", new Quantity("8Gi"));
  }

  @Test
  void nodesAreClusterScoped() {
    Node node = node();
    node.getMetadata().setNamespace("default");
    assertThat(create(Node.class, node))
        .containsExactly("metadata.namespace: Forbidden: not allowed on this type");
  }

  @Test
  void podCidrsOnePerFamily() {
    Node node = node();
    node.getSpec().setPodCIDRs(List.of("10.0.0.0/24", "10.1.0.0/24"));
    assertThat(create(Node.class, node))
        .containsExactly(
            "spec.podCIDRs: Invalid value: []string{\"10.0.0.0/24\", \"10.1.0.0/24\"}: may specify no"
                + " more than one CIDR for each IP family");
    node.getSpec().setPodCIDRs(List.of("10.0.0.0/24", "fd00::/64"));
    assertThat(create(Node.class, node)).isEmpty();
    node.getSpec().setPodCIDRs(List.of("10.0.0.0/33"));
    assertThat(create(Node.class, node))
        .containsExactly(
            "spec.podCIDRs[0]: Invalid value: \"10.0.0.0/33\": must be a valid CIDR value, (e.g."
                + " 10.9.8.0/24 or 2001:db8::/64)");
  }

  @Test
  void taints() {
    Node node = node();
    node.getSpec()
        .setTaints(
            List.of(
                new TaintBuilder()
                    .withKey("dedicated")
                    .withValue("gpu")
                    .withEffect("NoSchedule")
                    .build(),
                new TaintBuilder()
                    .withKey("dedicated")
                    .withValue("x")
                    .withEffect("NoSchedule")
                    .build(),
                new TaintBuilder().withKey("k").withEffect("Sometimes").build()));
    // kube reports node taints under metadata.taints
    assertThat(create(Node.class, node))
        .containsExactly(
            "metadata.taints[1]: Duplicate value: core.Taint{Key:\"dedicated\", Value:\"x\","
                + " Effect:\"NoSchedule\", TimeAdded:<nil>}: taints must be unique by key and effect"
                + " pair",
            "metadata.taints[2].effect: Unsupported value: \"Sometimes\": supported values:"
                + " \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"");
  }

  @Test
  void podCidrAndProviderIdAreSetOnce() {
    Node old = node();
    old.getMetadata().setResourceVersion("1");
    Node assigned =
        new NodeBuilder(old)
            .editSpec()
            .withPodCIDR("10.0.0.0/24")
            .withPodCIDRs("10.0.0.0/24")
            .withProviderID("kubeloop://node-1")
            .endSpec()
            .build();
    assertThat(update(Node.class, assigned, old)).isEmpty();
    assigned.getMetadata().setResourceVersion("2");
    Node changed =
        new NodeBuilder(assigned)
            .editSpec()
            .withPodCIDRs("10.9.0.0/24")
            .withProviderID("other")
            .endSpec()
            .build();
    assertThat(update(Node.class, changed, assigned))
        .containsExactly(
            "spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid",
            "spec.providerID: Forbidden: node updates may not change providerID except from \"\" to"
                + " valid");
    Node cordoned = new NodeBuilder(assigned).editSpec().withUnschedulable(true).endSpec().build();
    cordoned.getMetadata().setLabels(Map.of("kubernetes.io/hostname", "node-1"));
    assertThat(update(Node.class, cordoned, assigned)).isEmpty();
  }

  @Test
  void capacityQuantities() {
    Node node = node();
    node.setStatus(
        new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
            .addToCapacity("pods", new Quantity("-1"))
            .build());
    assertThat(create(Node.class, node))
        .containsExactly(
            "status.capacity.pods: Invalid value: \"-1\": must be greater than or equal to 0",
            "status.allocatable.pods: Invalid value: \"-1\": must be greater than or equal to 0");
  }
}
