package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchPredicateTest {

  private static Deployment deployment(long generation, String rv) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace("ns")
        .withName("d")
        .withGeneration(generation)
        .withResourceVersion(rv)
        .endMetadata()
        .build();
  }

  private static ConfigMap cm(String rv, Map<String, String> labels, Map<String, String> ann) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace("ns")
        .withName("c")
        .withResourceVersion(rv)
        .withLabels(labels)
        .withAnnotations(ann)
        .endMetadata()
        .build();
  }

  @Test
  void generationChangedPassesSpecChangesOnly() {
    WatchPredicate<Deployment> p = WatchPredicate.generationChanged();
    assertThat(p.update(deployment(1, "10"), deployment(2, "11"))).isTrue();
    assertThat(p.update(deployment(1, "10"), deployment(1, "11"))).isFalse(); // status change
    assertThat(p.create(deployment(1, "10"))).isTrue();
    assertThat(p.delete(deployment(1, "10"))).isTrue();
  }

  @Test
  void generationChangedDropsUpdatesOfObjectsWithoutGeneration() {
    WatchPredicate<ConfigMap> p = WatchPredicate.generationChanged();
    assertThat(p.update(cm("1", null, null), cm("2", Map.of("a", "b"), null))).isFalse();
  }

  @Test
  void resourceVersionChangedDropsResyncs() {
    WatchPredicate<ConfigMap> p = WatchPredicate.resourceVersionChanged();
    ConfigMap same = cm("5", null, null);
    assertThat(p.update(same, same)).isFalse();
    assertThat(p.update(cm("5", null, null), cm("6", null, null))).isTrue();
  }

  @Test
  void labelsChangedComparesLabelsTreatingNoneAsEmpty() {
    WatchPredicate<ConfigMap> p = WatchPredicate.labelsChanged();
    assertThat(p.update(cm("1", null, null), cm("2", Map.of(), null))).isFalse();
    assertThat(p.update(cm("1", Map.of("a", "1"), null), cm("2", Map.of("a", "1"), null)))
        .isFalse();
    assertThat(p.update(cm("1", Map.of("a", "1"), null), cm("2", Map.of("a", "2"), null))).isTrue();
    assertThat(p.update(cm("1", Map.of("a", "1"), null), cm("2", null, null))).isTrue();
  }

  @Test
  void annotationsChangedComparesAnnotations() {
    WatchPredicate<ConfigMap> p = WatchPredicate.annotationsChanged();
    assertThat(p.update(cm("1", null, Map.of("x", "1")), cm("2", null, Map.of("x", "1"))))
        .isFalse();
    assertThat(p.update(cm("1", null, Map.of("x", "1")), cm("2", null, Map.of("x", "2")))).isTrue();
  }

  @Test
  void allIsOneInstanceThatConjunctionsDrop() {
    WatchPredicate<ConfigMap> labels = WatchPredicate.labelsChanged();
    assertThat(WatchPredicate.<ConfigMap>all()).isSameAs(WatchPredicate.<Deployment>all());
    assertThat(WatchPredicate.<ConfigMap>allOf(WatchPredicate.all(), WatchPredicate.all()))
        .isSameAs(WatchPredicate.all());
    assertThat(WatchPredicate.allOf(WatchPredicate.all(), labels)).isSameAs(labels);
    assertThat(WatchPredicate.<ConfigMap>allOf()).isSameAs(WatchPredicate.all());
  }

  @Test
  void combinators() {
    WatchPredicate<ConfigMap> labels = WatchPredicate.labelsChanged();
    WatchPredicate<ConfigMap> annotations = WatchPredicate.annotationsChanged();
    ConfigMap before = cm("1", Map.of("a", "1"), Map.of("x", "1"));
    ConfigMap labelOnly = cm("2", Map.of("a", "2"), Map.of("x", "1"));
    ConfigMap both = cm("3", Map.of("a", "2"), Map.of("x", "2"));

    assertThat(labels.or(annotations).update(before, labelOnly)).isTrue();
    assertThat(labels.and(annotations).update(before, labelOnly)).isFalse();
    assertThat(labels.and(annotations).update(before, both)).isTrue();
    assertThat(WatchPredicate.<ConfigMap>anyOf(labels, annotations).update(before, labelOnly))
        .isTrue();
    assertThat(WatchPredicate.<ConfigMap>allOf(labels, annotations).update(before, labelOnly))
        .isFalse();
    assertThat(WatchPredicate.<ConfigMap>allOf().update(before, labelOnly)).isTrue();
    assertThat(WatchPredicate.<ConfigMap>anyOf().update(before, labelOnly)).isFalse();

    // not() negates every event kind, as controller-runtime's Not
    assertThat(WatchPredicate.not(labels).update(before, labelOnly)).isFalse();
    assertThat(labels.negate().update(before, before)).isTrue();
    assertThat(labels.negate().create(before)).isFalse();
    assertThat(labels.negate().delete(before)).isFalse();
  }

  @Test
  void customLambdaSeesTheObjectOfEachEvent() {
    WatchPredicate<ConfigMap> p =
        WatchPredicate.of(c -> "yes".equals(c.getMetadata().getLabels().get("watch")));
    ConfigMap yes = cm("1", Map.of("watch", "yes"), null);
    ConfigMap no = cm("2", Map.of("watch", "no"), null);
    assertThat(p.create(yes)).isTrue();
    assertThat(p.create(no)).isFalse();
    assertThat(p.update(yes, no)).isFalse(); // the new object decides
    assertThat(p.update(no, yes)).isTrue();
    assertThat(p.delete(no)).isFalse();
  }

  @Test
  void onUpdateFiltersUpdatesOnly() {
    WatchPredicate<ConfigMap> never = WatchPredicate.onUpdate((a, b) -> false);
    ConfigMap c = cm("1", null, null);
    assertThat(never.create(c)).isTrue();
    assertThat(never.delete(c)).isTrue();
    assertThat(never.update(c, c)).isFalse();
  }
}
