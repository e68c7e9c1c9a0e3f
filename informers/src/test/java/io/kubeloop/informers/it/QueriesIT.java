package io.kubeloop.informers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PartialObjectMetadata;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kubeloop.informers.IndexFunction;
import io.kubeloop.informers.Indexer;
import io.kubeloop.informers.InformerFactory;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Indexes, listers, namespace and selector scopes, metadata-only and generic informers. */
class QueriesIT {

  static Cluster cluster;

  @BeforeAll
  static void start() {
    cluster = Cluster.start();
    for (String ns : List.of("qa", "qb", "qc")) {
      cluster.namespace(ns);
      for (int i = 0; i < 6; i++) {
        cluster.create(
            ns,
            "cm-" + i,
            Map.of("app", i % 2 == 0 ? "web" : "db", "owner", "o" + (i % 3)),
            "x".repeat(200));
      }
    }
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void indexesListersAndSeveralNamespaces() throws Exception {
    try (InformerFactory factory = InformerFactory.create(cluster.client)) {
      SharedIndexInformer<ConfigMap> informer =
          factory.informer(ConfigMap.class, InformerOptions.defaults().withNamespaces("qa", "qb"));
      IndexFunction<ConfigMap> byOwner = cm -> List.of(cm.getMetadata().getLabels().get("owner"));
      informer.addIndexers(Map.of("owner", byOwner));
      assertThat(
              factory.informer(
                  ConfigMap.class, InformerOptions.defaults().withNamespaces("qb", "qa")))
          .isSameAs(informer);
      factory.startAll();
      assertThat(factory.waitForCacheSync(Duration.ofSeconds(20))).isTrue();

      Indexer<ConfigMap> indexer = informer.indexer();
      assertThat(indexer.size()).isEqualTo(12);
      assertThat(indexer.indexNames()).containsExactly(Indexer.NAMESPACE_INDEX, "owner");
      assertThat(indexer.indexValues(Indexer.NAMESPACE_INDEX))
          .containsExactlyInAnyOrder("qa", "qb");
      assertThat(indexer.byIndex(Indexer.NAMESPACE_INDEX, "qb")).hasSize(6);
      assertThat(indexer.indexKeys("owner", "o1"))
          .containsExactlyInAnyOrder("qa/cm-1", "qa/cm-4", "qb/cm-1", "qb/cm-4");
      assertThat(informer.lister().namespace("qa").list(Map.of("app", "web")))
          .extracting(cm -> cm.getMetadata().getName())
          .containsExactly("cm-0", "cm-2", "cm-4");
      assertThat(
              informer
                  .lister()
                  .list(
                      new LabelSelectorBuilder()
                          .addNewMatchExpression()
                          .withKey("owner")
                          .withOperator("In")
                          .withValues("o0", "o2")
                          .endMatchExpression()
                          .addToMatchLabels("app", "db")
                          .build()))
          .extracting(Recorder::key)
          .containsExactlyInAnyOrder("qa/cm-5", "qa/cm-3", "qb/cm-5", "qb/cm-3");
      assertThat(informer.lister().namespace("qc").list()).isEmpty();
      assertThat(informer.lister().namespace("qa").get("cm-3")).isPresent();

      // the index follows changes
      cluster
          .client
          .configMaps()
          .inNamespace("qa")
          .withName("cm-1")
          .edit(
              cm -> {
                cm.getMetadata().getLabels().put("owner", "o9");
                return cm;
              });
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> indexer.indexKeys("owner", "o9").size() == 1);
      assertThat(indexer.indexKeys("owner", "o1")).hasSize(3);
    }
  }

  @Test
  void labelAndFieldSelectorsScopeTheInformer() throws Exception {
    try (InformerFactory factory = InformerFactory.create(cluster.client)) {
      SharedIndexInformer<ConfigMap> web =
          factory.informer(
              ConfigMap.class, InformerOptions.defaults().withLabelSelector("app=web"));
      SharedIndexInformer<ConfigMap> one =
          factory.informer(
              ConfigMap.class,
              InformerOptions.defaults()
                  .withNamespaces("qc")
                  .withFieldSelector("metadata.name=cm-5"));
      Recorder<ConfigMap> webEvents = new Recorder<>();
      web.addEventHandler(webEvents);
      factory.startAll();
      assertThat(factory.waitForCacheSync(Duration.ofSeconds(20))).isTrue();
      assertThat(web.indexer().listKeys()).hasSize(9).allMatch(k -> k.matches("q[abc]/cm-[024]"));
      assertThat(one.indexer().listKeys()).containsExactly("qc/cm-5");

      // an object that stops matching leaves the scoped cache
      cluster
          .client
          .configMaps()
          .inNamespace("qc")
          .withName("cm-0")
          .edit(
              cm -> {
                cm.getMetadata().getLabels().put("app", "db");
                return cm;
              });
      await().atMost(Duration.ofSeconds(10)).until(() -> web.indexer().size() == 8);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> webEvents.summary().contains("delete qc/cm-0"));
      cluster
          .client
          .configMaps()
          .inNamespace("qc")
          .withName("cm-0")
          .edit(
              cm -> {
                cm.getMetadata().getLabels().put("app", "web");
                return cm;
              });
      await().atMost(Duration.ofSeconds(10)).until(() -> web.indexer().size() == 9);
    }
  }

  @Test
  void metadataOnlyInformerKeepsMetadata() throws Exception {
    try (InformerFactory factory = InformerFactory.create(cluster.client)) {
      SharedIndexInformer<PartialObjectMetadata> meta =
          factory.metadataInformer(
              ConfigMap.class, InformerOptions.defaults().withNamespaces("qa"));
      Recorder<PartialObjectMetadata> events = new Recorder<>();
      meta.addEventHandler(events);
      meta.start();
      assertThat(meta.waitForSync(Duration.ofSeconds(20))).isTrue();
      PartialObjectMetadata cm = meta.lister().namespace("qa").get("cm-2").orElseThrow();
      assertThat(cm.getMetadata().getLabels()).containsEntry("app", "web");
      assertThat(cm.getMetadata().getUid()).isNotEmpty();
      assertThat(cm.getMetadata().getManagedFields()).isNullOrEmpty();
      assertThat(meta.lister().namespace("qa").list(Map.of("owner", "o0"))).hasSize(2);
      cluster.create("qa", "meta-new", "y");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> events.summary().contains("add qa/meta-new"));
      cluster.delete("qa", "meta-new");
    }
  }

  @Test
  void genericInformerReadsResourcesByName() throws Exception {
    ResourceDefinitionContext configMaps =
        new ResourceDefinitionContext.Builder()
            .withGroup("")
            .withVersion("v1")
            .withKind("ConfigMap")
            .withPlural("configmaps")
            .withNamespaced(true)
            .build();
    try (InformerFactory factory = InformerFactory.create(cluster.client)) {
      SharedIndexInformer<GenericKubernetesResource> generic =
          factory.genericInformer(configMaps, InformerOptions.defaults().withNamespaces("qb"));
      generic.start();
      assertThat(generic.waitForSync(Duration.ofSeconds(20))).isTrue();
      GenericKubernetesResource cm = generic.lister().namespace("qb").get("cm-1").orElseThrow();
      assertThat(cm.getKind()).isEqualTo("ConfigMap");
      assertThat(cm.<String>get("data", "v")).isEqualTo("x".repeat(200));
      assertThat(cm.getMetadata().getManagedFields()).isNullOrEmpty();
    }
  }
}
