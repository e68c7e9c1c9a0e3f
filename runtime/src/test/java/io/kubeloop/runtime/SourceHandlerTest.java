package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceHandlerTest {

  private final List<Request> enqueued = new ArrayList<>();

  private static Pod pod(
      String name, String ownerApiVersion, String ownerKind, String owner, Boolean controller) {
    PodBuilder b =
        new PodBuilder().withNewMetadata().withNamespace("ns").withName(name).endMetadata();
    if (owner != null) {
      b.editMetadata()
          .addToOwnerReferences(
              new OwnerReferenceBuilder()
                  .withApiVersion(ownerApiVersion)
                  .withKind(ownerKind)
                  .withName(owner)
                  .withUid("u-" + owner)
                  .withController(controller)
                  .build())
          .endMetadata();
    }
    return b.build();
  }

  private static ConfigMap cm(String name, String rv, Map<String, String> labels) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace("ns")
        .withName(name)
        .withResourceVersion(rv)
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  @Test
  void aPrimaryWithoutPredicatesTakesAddsByKeyAndTheRestAsObjects() {
    Source<ConfigMap> source =
        new Source<>(
            ConfigMap.class,
            obj -> List.of(Request.of(obj)),
            WatchPredicate.resourceVersionChanged(),
            "for ConfigMap",
            true);
    KeyedSourceHandler<ConfigMap> handler =
        new KeyedSourceHandler<>(new SourceHandler<>("c", source, enqueued::add));
    handler.onAddKey("ns", "a", true);
    handler.onAddKey("", "cluster-wide", false);
    handler.onUpdate(cm("b", "1", null), cm("b", "1", null)); // a resync: dropped by the predicate
    handler.onUpdate(cm("b", "1", null), cm("b", "2", null));
    handler.onDelete(cm("c", "3", null), false);
    assertThat(enqueued)
        .containsExactly(
            Request.of("ns", "a"),
            Request.of("cluster-wide"),
            Request.of("ns", "b"),
            Request.of("ns", "c"));
  }

  @Test
  void ownsMapsToTheControllingOwnerOfThePrimaryKindAndGroup() {
    OwnerMapper<Pod> owner = new OwnerMapper<>(ReplicaSet.class);
    assertThat(owner.map(pod("p", "apps/v1", "ReplicaSet", "rs", true)))
        .containsExactly(Request.of("ns", "rs"));
    // the version does not matter, as in controller-runtime
    assertThat(owner.map(pod("p", "apps/v1beta2", "ReplicaSet", "rs", true)))
        .containsExactly(Request.of("ns", "rs"));
    // not the controller, another group, another kind, no owner
    assertThat(owner.map(pod("p", "apps/v1", "ReplicaSet", "rs", false))).isEmpty();
    assertThat(owner.map(pod("p", "apps/v1", "ReplicaSet", "rs", null))).isEmpty();
    assertThat(owner.map(pod("p", "extensions/v1beta1", "ReplicaSet", "rs", true))).isEmpty();
    assertThat(owner.map(pod("p", "apps/v1", "StatefulSet", "rs", true))).isEmpty();
    assertThat(owner.map(pod("p", null, null, null, null))).isEmpty();
  }

  @Test
  void ownsAClusterScopedPrimaryHasNoNamespace() {
    OwnerMapper<ConfigMap> owner = new OwnerMapper<>(Namespace.class);
    ConfigMap owned =
        new ConfigMapBuilder(cm("c", "1", null))
            .editMetadata()
            .addNewOwnerReference()
            .withApiVersion("v1")
            .withKind("Namespace")
            .withName("team-a")
            .withUid("u")
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .build();
    assertThat(owner.map(owned)).containsExactly(Request.of("team-a"));
  }

  @Test
  void groupOfApiVersion() {
    assertThat(OwnerMapper.groupOf("v1")).isEmpty();
    assertThat(OwnerMapper.groupOf("apps/v1")).isEqualTo("apps");
    assertThat(OwnerMapper.groupOf(null)).isEmpty();
  }

  @Test
  void filtersThenMapsEveryEventKindAndDeletesToo() {
    SourceHandler<ConfigMap> handler =
        handler(WatchPredicate.of(c -> c.getMetadata().getName().startsWith("keep")));
    handler.onAdd(cm("keep-1", "1", null), true);
    handler.onAdd(cm("drop-1", "1", null), false);
    handler.onUpdate(cm("keep-2", "1", null), cm("keep-2", "2", null));
    handler.onDelete(cm("keep-3", "3", null), false);
    handler.onDelete(cm("drop-3", "3", null), true);
    assertThat(enqueued)
        .containsExactly(
            Request.of("ns", "keep-1"), Request.of("ns", "keep-2"), Request.of("ns", "keep-3"));
  }

  @Test
  void anUpdateMapsTheOldAndTheNewObjectOnce() {
    // a mapper keyed on a label: moving the label reconciles both the old and the new target
    SourceHandler<ConfigMap> handler =
        new SourceHandler<>(
            "test",
            new Source<>(
                ConfigMap.class,
                c -> List.of(Request.of("ns", c.getMetadata().getLabels().get("target"))),
                WatchPredicate.all(),
                "watches ConfigMap"),
            enqueued::add);
    handler.onUpdate(cm("c", "1", Map.of("target", "a")), cm("c", "2", Map.of("target", "b")));
    handler.onUpdate(cm("c", "2", Map.of("target", "b")), cm("c", "3", Map.of("target", "b")));
    assertThat(enqueued)
        .containsExactly(Request.of("ns", "a"), Request.of("ns", "b"), Request.of("ns", "b"));
  }

  @Test
  void aPredicateDropsUpdatesThatDoNotMatter() {
    SourceHandler<ConfigMap> handler = handler(WatchPredicate.labelsChanged());
    ConfigMap v1 = cm("c", "1", Map.of("a", "1"));
    handler.onUpdate(v1, v1); // resync
    handler.onUpdate(v1, cm("c", "2", Map.of("a", "1"))); // data only
    assertThat(enqueued).isEmpty();
    handler.onUpdate(v1, cm("c", "3", Map.of("a", "2")));
    assertThat(enqueued).containsExactly(Request.of("ns", "c"));
  }

  @Test
  void aThrowingPredicateOrMapperDropsTheEventOnly() {
    SourceHandler<ConfigMap> throwing =
        handler(
            WatchPredicate.of(
                c -> {
                  if (c.getMetadata().getName().equals("boom")) {
                    throw new IllegalStateException("boom");
                  }
                  return true;
                }));
    throwing.onAdd(cm("boom", "1", null), false);
    throwing.onAdd(cm("fine", "1", null), false);
    SourceHandler<ConfigMap> badMapper =
        new SourceHandler<>(
            "test",
            new Source<>(
                ConfigMap.class,
                c -> {
                  throw new IllegalStateException("mapper");
                },
                WatchPredicate.all(),
                "watches ConfigMap"),
            enqueued::add);
    badMapper.onDelete(cm("x", "1", null), false);
    assertThat(enqueued).containsExactly(Request.of("ns", "fine"));
  }

  private SourceHandler<ConfigMap> handler(WatchPredicate<? super ConfigMap> predicate) {
    return new SourceHandler<>(
        "test",
        new Source<>(ConfigMap.class, c -> List.of(Request.of(c)), predicate, "for ConfigMap"),
        enqueued::add);
  }
}
