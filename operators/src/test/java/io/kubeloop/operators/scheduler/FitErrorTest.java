package io.kubeloop.operators.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FitErrorTest {

  @Test
  void countsReasonsPerNodeSortedAsStrings() {
    Map<String, Status> statuses = new HashMap<>();
    statuses.put("a", Status.unresolvable("node(s) were unschedulable"));
    statuses.put("b", Status.unschedulable("Insufficient cpu"));
    statuses.put("c", Status.unschedulable("Insufficient cpu", "Insufficient memory"));
    assertThat(new FitError(3, statuses, null, null).message())
        .isEqualTo(
            "0/3 nodes are available: 1 Insufficient memory, 1 node(s) were unschedulable,"
                + " 2 Insufficient cpu.");
  }

  @Test
  void sortsCountsAsKubeDoesLexically() {
    Map<String, Status> statuses = new HashMap<>();
    for (int i = 0; i < 10; i++) {
      statuses.put("cpu" + i, Status.unschedulable("Insufficient cpu"));
    }
    statuses.put("x", Status.unresolvable("node(s) were unschedulable"));
    statuses.put("y", Status.unresolvable("node(s) were unschedulable"));
    assertThat(new FitError(12, statuses, null, null).message())
        .isEqualTo("0/12 nodes are available: 10 Insufficient cpu, 2 node(s) were unschedulable.");
  }

  @Test
  void nodesLeftOutByPreFilterGetTheAbsentStatus() {
    Map<String, Status> statuses = Map.of("a", Status.unschedulable("Insufficient cpu"));
    Status absent = Status.unresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]");
    assertThat(new FitError(3, statuses, absent, null).message())
        .isEqualTo(
            "0/3 nodes are available: 1 Insufficient cpu,"
                + " 2 node(s) didn't satisfy plugin(s) [NodeAffinity].");
  }

  @Test
  void preFilterRejectionIsTheWholeMessage() {
    assertThat(FitError.preFilter(5, Status.unresolvable("pod affinity terms conflict")).message())
        .isEqualTo("0/5 nodes are available: pod affinity terms conflict.");
  }
}
