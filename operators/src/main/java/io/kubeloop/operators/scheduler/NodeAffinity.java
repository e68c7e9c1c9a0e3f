package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Filters nodes by the pod's {@code spec.nodeSelector} (every label must be there with that value)
 * and its required node affinity ({@code requiredDuringSchedulingIgnoredDuringExecution}: any of
 * the node selector terms must match); scores nodes by the summed weights of the preferred node
 * affinity terms they match, normalized so the best gets 100.
 *
 * <p>When every required term names nodes with {@code matchFields metadata.name In}, PreFilter
 * narrows the cycle to those nodes, as kube does; the others are reported as {@code node(s) didn't
 * satisfy plugin(s) [NodeAffinity]}.
 */
final class NodeAffinity implements PreFilterPlugin, FilterPlugin, ScorePlugin {

  static final String NAME = "NodeAffinity";
  static final String REASON = "node(s) didn't match Pod's node affinity/selector";
  static final String CONFLICT = "pod affinity terms conflict";

  private record Required(Map<String, String> nodeSelector, NodeSelectorTerms terms) {

    boolean matches(NodeInfo node) {
      Map<String, String> labels = node.labels();
      for (Map.Entry<String, String> e : nodeSelector.entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
      return terms == null || terms.matchesAny(node.name(), labels);
    }
  }

  private record Preferred(long weight, NodeSelectorTerms term) {}

  private static final CycleState.Key<Required> REQUIRED = new CycleState.Key<>("PreFilter" + NAME);
  private static final CycleState.Key<List<Preferred>> PREFERRED =
      new CycleState.Key<>("PreScore" + NAME);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PreFilterResult preFilter(CycleState state, Pod pod) {
    Map<String, String> nodeSelector = pod.getSpec().getNodeSelector();
    NodeSelector required = required(pod.getSpec().getAffinity());
    if (required == null && (nodeSelector == null || nodeSelector.isEmpty())) {
      return PreFilterResult.SKIP;
    }
    List<NodeSelectorTerm> terms =
        required == null || required.getNodeSelectorTerms() == null
            ? List.of()
            : required.getNodeSelectorTerms();
    state.write(
        REQUIRED,
        new Required(
            nodeSelector == null ? Map.of() : nodeSelector,
            required == null ? null : NodeSelectorTerms.compile(terms)));
    if (terms.isEmpty()) {
      return PreFilterResult.SUCCESS;
    }
    Set<String> nodeNames = new HashSet<>();
    for (NodeSelectorTerm t : terms) {
      Set<String> termNames = null;
      for (NodeSelectorRequirement r :
          t.getMatchFields() == null ? List.<NodeSelectorRequirement>of() : t.getMatchFields()) {
        if (NodeSelectorTerms.NAME_FIELD.equals(r.getKey()) && "In".equals(r.getOperator())) {
          Set<String> values = new HashSet<>(r.getValues() == null ? List.of() : r.getValues());
          if (termNames == null) {
            termNames = values;
          } else {
            termNames.retainAll(values);
          }
        }
      }
      if (termNames == null) {
        // a term without node names allows every node: the terms are ORed
        return PreFilterResult.SUCCESS;
      }
      nodeNames.addAll(termNames);
    }
    if (nodeNames.isEmpty()) {
      return PreFilterResult.of(Status.unresolvable(CONFLICT));
    }
    return PreFilterResult.nodes(nodeNames);
  }

  @Override
  public Status filter(CycleState state, Pod pod, NodeInfo node) {
    return state.read(REQUIRED).matches(node) ? Status.SUCCESS : Status.unresolvable(REASON);
  }

  @Override
  public Status preScore(CycleState state, Pod pod, List<NodeInfo> nodes) {
    Affinity affinity = pod.getSpec().getAffinity();
    List<PreferredSchedulingTerm> terms =
        affinity == null || affinity.getNodeAffinity() == null
            ? null
            : affinity.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
    if (terms == null || terms.isEmpty()) {
      return Status.SKIP;
    }
    List<Preferred> preferred = new ArrayList<>(terms.size());
    for (PreferredSchedulingTerm t : terms) {
      if (t.getWeight() != null && t.getWeight() != 0) {
        preferred.add(
            new Preferred(
                t.getWeight(),
                NodeSelectorTerms.compile(java.util.Collections.singletonList(t.getPreference()))));
      }
    }
    state.write(PREFERRED, preferred);
    return Status.SUCCESS;
  }

  @Override
  public long score(CycleState state, Pod pod, NodeInfo node) {
    long sum = 0;
    for (Preferred p : state.read(PREFERRED)) {
      if (p.term().matchesAny(node.name(), node.labels())) {
        sum += p.weight();
      }
    }
    return sum;
  }

  @Override
  public void normalize(CycleState state, Pod pod, long[] scores) {
    ScorePlugin.defaultNormalize(scores, false);
  }

  private static NodeSelector required(Affinity affinity) {
    return affinity == null || affinity.getNodeAffinity() == null
        ? null
        : affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
  }
}
