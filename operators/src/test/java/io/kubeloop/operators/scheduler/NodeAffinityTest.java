package io.kubeloop.operators.scheduler;

import static io.kubeloop.operators.scheduler.Fixtures.filter;
import static io.kubeloop.operators.scheduler.Fixtures.nodeBuilder;
import static io.kubeloop.operators.scheduler.Fixtures.podBuilder;
import static io.kubeloop.operators.scheduler.Fixtures.score;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeAffinityTest {

  private final NodeAffinity plugin = new NodeAffinity();

  private static NodeInfo node(String name, Map<String, String> labels) {
    return NodeInfo.of(
        nodeBuilder(name, "4", "8Gi", 110).editMetadata().withLabels(labels).endMetadata().build());
  }

  private static NodeSelectorRequirement req(String key, String op, String... values) {
    return new NodeSelectorRequirement(key, op, List.of(values));
  }

  private static NodeSelectorTerm term(NodeSelectorRequirement... exprs) {
    return new NodeSelectorTermBuilder().withMatchExpressions(exprs).build();
  }

  private static NodeSelectorTerm fields(NodeSelectorRequirement... fields) {
    return new NodeSelectorTermBuilder().withMatchFields(fields).build();
  }

  private static Pod required(NodeSelectorTerm... terms) {
    return podBuilder("p")
        .editSpec()
        .withNewAffinity()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .withNodeSelectorTerms(terms)
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .endSpec()
        .build();
  }

  private boolean fits(Pod pod, NodeInfo node) {
    return filter(plugin, pod, node).isSuccess();
  }

  @Test
  void nodeSelectorNeedsEveryLabel() {
    Pod pod =
        podBuilder("p")
            .editSpec()
            .withNodeSelector(Map.of("disk", "ssd", "zone", "a"))
            .endSpec()
            .build();
    assertThat(fits(pod, node("n", Map.of("disk", "ssd", "zone", "a", "x", "y")))).isTrue();
    Status s = filter(plugin, pod, node("n", Map.of("disk", "ssd", "zone", "b")));
    assertThat(s.code()).isEqualTo(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
    assertThat(s.reasons()).containsExactly("node(s) didn't match Pod's node affinity/selector");
  }

  @Test
  void operators() {
    NodeInfo n = node("n", Map.of("zone", "a", "cores", "16"));
    assertThat(fits(required(term(req("zone", "In", "a", "b"))), n)).isTrue();
    assertThat(fits(required(term(req("zone", "In", "b"))), n)).isFalse();
    assertThat(fits(required(term(req("zone", "NotIn", "b"))), n)).isTrue();
    assertThat(fits(required(term(req("absent", "NotIn", "b"))), n)).isTrue();
    assertThat(fits(required(term(req("zone", "NotIn", "a"))), n)).isFalse();
    assertThat(fits(required(term(req("zone", "Exists"))), n)).isTrue();
    assertThat(fits(required(term(req("absent", "Exists"))), n)).isFalse();
    assertThat(fits(required(term(req("absent", "DoesNotExist"))), n)).isTrue();
    assertThat(fits(required(term(req("zone", "DoesNotExist"))), n)).isFalse();
    assertThat(fits(required(term(req("cores", "Gt", "8"))), n)).isTrue();
    assertThat(fits(required(term(req("cores", "Gt", "16"))), n)).isFalse();
    assertThat(fits(required(term(req("cores", "Lt", "32"))), n)).isTrue();
    assertThat(fits(required(term(req("zone", "Lt", "32"))), n)).isFalse();
  }

  @Test
  void requirementsOfATermAreAndedTermsAreOred() {
    NodeInfo n = node("n", Map.of("zone", "a", "disk", "hdd"));
    assertThat(fits(required(term(req("zone", "In", "a"), req("disk", "In", "ssd"))), n)).isFalse();
    assertThat(fits(required(term(req("disk", "In", "ssd")), term(req("zone", "In", "a"))), n))
        .isTrue();
  }

  @Test
  void emptyOrInvalidTermsMatchNothing() {
    NodeInfo n = node("n", Map.of("zone", "a"));
    assertThat(fits(required(new NodeSelectorTerm()), n)).isFalse();
    assertThat(fits(required(term(req("zone", "In"))), n)).isFalse();
    assertThat(fits(required(term(req("zone", "Gt", "x"))), n)).isFalse();
    assertThat(fits(required(term(req("zone", "Bogus", "a"))), n)).isFalse();
  }

  @Test
  void matchFieldsMatchTheNodeName() {
    assertThat(fits(required(fields(req("metadata.name", "In", "n"))), node("n", Map.of())))
        .isTrue();
    assertThat(fits(required(fields(req("metadata.name", "In", "n"))), node("m", Map.of())))
        .isFalse();
    assertThat(fits(required(fields(req("metadata.name", "NotIn", "n"))), node("m", Map.of())))
        .isTrue();
  }

  @Test
  void preFilterNarrowsToNamedNodes() {
    CycleState state = new CycleState();
    PreFilterResult r =
        plugin.preFilter(
            state,
            required(
                fields(req("metadata.name", "In", "a", "b")),
                fields(req("metadata.name", "In", "c"))));
    assertThat(r.nodeNames()).isEqualTo(Set.of("a", "b", "c"));

    PreFilterResult conflict =
        plugin.preFilter(
            new CycleState(),
            required(
                new NodeSelectorTermBuilder()
                    .withMatchFields(
                        req("metadata.name", "In", "a"), req("metadata.name", "In", "b"))
                    .build()));
    assertThat(conflict.status().reasons()).containsExactly("pod affinity terms conflict");

    PreFilterResult any =
        plugin.preFilter(
            new CycleState(),
            required(fields(req("metadata.name", "In", "a")), term(req("x", "Exists"))));
    assertThat(any.nodeNames()).isNull();
  }

  @Test
  void skippedWithoutSelectorOrAffinity() {
    assertThat(plugin.preFilter(new CycleState(), podBuilder("p").build()).status().isSkip())
        .isTrue();
  }

  @Test
  void preferredTermsScoreBySummedWeight() {
    Pod pod =
        podBuilder("p")
            .editSpec()
            .withNewAffinity()
            .withNewNodeAffinity()
            .withPreferredDuringSchedulingIgnoredDuringExecution(
                new PreferredSchedulingTerm(term(req("zone", "In", "a")), 10),
                new PreferredSchedulingTerm(term(req("disk", "In", "ssd")), 30))
            .endNodeAffinity()
            .endAffinity()
            .endSpec()
            .build();
    long[] scores =
        score(
            plugin,
            pod,
            node("none", Map.of()),
            node("zone", Map.of("zone", "a")),
            node("disk", Map.of("disk", "ssd")),
            node("both", Map.of("zone", "a", "disk", "ssd")));
    assertThat(scores).containsExactly(0, 25, 75, 100);
  }
}
