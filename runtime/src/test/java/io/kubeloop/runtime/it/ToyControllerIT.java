package io.kubeloop.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeloop.informers.Lister;
import io.kubeloop.runtime.Controller;
import io.kubeloop.runtime.Manager;
import io.kubeloop.runtime.Reconciler;
import io.kubeloop.runtime.Request;
import io.kubeloop.runtime.Result;
import io.kubeloop.runtime.WatchPredicate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A toy controller's whole life: each ConfigMap labelled {@code role=app} gets an owned Secret
 * {@code <name>-copy} with its data merged over the namespace's {@code defaults} ConfigMap. The
 * Secret follows the ConfigMap's changes, is recreated when deleted (owns), follows the defaults
 * (watches), and goes when the ConfigMap goes (this server has no garbage collector, so the
 * reconciler deletes it, seeing its primary gone from the cache).
 */
class ToyControllerIT {

  static Cluster cluster;
  Manager manager;

  @BeforeAll
  static void startCluster() {
    cluster = Cluster.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @AfterEach
  void stopManager() {
    if (manager != null) {
      manager.close();
    }
  }

  /** The toy reconciler: reads the cache, writes through the client. */
  static final class CopyReconciler implements Reconciler<ConfigMap> {
    final KubernetesClient client;
    final Lister<ConfigMap> configMaps;
    final Map<Request, AtomicInteger> reconciles = new ConcurrentHashMap<>();

    CopyReconciler(Manager manager) {
      this.client = manager.client();
      this.configMaps = manager.lister(ConfigMap.class);
    }

    @Override
    public Result reconcile(Request request) {
      reconciles.computeIfAbsent(request, r -> new AtomicInteger()).incrementAndGet();
      String secretName = request.name() + "-copy";
      Optional<ConfigMap> app = configMaps.namespace(request.namespace()).get(request.name());
      if (app.isEmpty()) {
        client.secrets().inNamespace(request.namespace()).withName(secretName).delete();
        return Result.done();
      }
      Map<String, String> data = new HashMap<>();
      configMaps
          .namespace(request.namespace())
          .get("defaults")
          .map(ConfigMap::getData)
          .ifPresent(data::putAll);
      if (app.get().getData() != null) {
        data.putAll(app.get().getData());
      }
      Secret desired =
          new SecretBuilder()
              .withNewMetadata()
              .withNamespace(request.namespace())
              .withName(secretName)
              .withOwnerReferences(
                  new OwnerReferenceBuilder()
                      .withApiVersion("v1")
                      .withKind("ConfigMap")
                      .withName(request.name())
                      .withUid(app.get().getMetadata().getUid())
                      .withController(true)
                      .withBlockOwnerDeletion(true)
                      .build())
              .endMetadata()
              .withStringData(data)
              .build();
      Secret current = client.secrets().inNamespace(request.namespace()).withName(secretName).get();
      if (current == null) {
        client.secrets().inNamespace(request.namespace()).resource(desired).create();
      } else if (!Objects.equals(decoded(current), data)) {
        client.secrets().inNamespace(request.namespace()).resource(desired).update();
      }
      return Result.done();
    }

    int count(String ns, String name) {
      AtomicInteger n = reconciles.get(Request.of(ns, name));
      return n == null ? 0 : n.get();
    }
  }

  static Map<String, String> decoded(Secret s) {
    Map<String, String> out = new HashMap<>();
    if (s.getData() != null) {
      s.getData()
          .forEach((k, v) -> out.put(k, new String(java.util.Base64.getDecoder().decode(v))));
    }
    return out;
  }

  static String label(ConfigMap cm, String key) {
    Map<String, String> labels = cm.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }

  static ConfigMap app(String ns, String name, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .addToLabels("role", "app")
        .endMetadata()
        .withData(data)
        .build();
  }

  private Map<String, String> secretData(String ns, String name) {
    Secret s = cluster.client.secrets().inNamespace(ns).withName(name).get();
    return s == null ? null : decoded(s);
  }

  @Test
  void ownedSecretFollowsItsConfigMapFromCreationToDeletion() throws Exception {
    String ns = "toy";
    cluster.namespace(ns);
    // present before the manager starts: reconciled from the initial list
    cluster.client.configMaps().resource(app(ns, "early", Map.of("k", "0"))).create();

    manager = Manager.builder(cluster.client).build();
    CopyReconciler reconciler = new CopyReconciler(manager);
    Controller controller =
        Controller.builder(manager)
            .forType(ConfigMap.class, WatchPredicate.of(cm -> "app".equals(label(cm, "role"))))
            .owns(Secret.class)
            .watches(
                ConfigMap.class,
                defaults ->
                    reconciler
                        .configMaps
                        .namespace(defaults.getMetadata().getNamespace())
                        .list(Map.of("role", "app"))
                        .stream()
                        .map(Request::of)
                        .toList(),
                WatchPredicate.of(cm -> cm.getMetadata().getName().equals("defaults")))
            .workers(2)
            .complete(reconciler);
    assertThat(controller.name()).isEqualTo("configmap");
    manager.start();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Map.of("k", "0").equals(secretData(ns, "early-copy")));

    // create
    cluster.client.configMaps().resource(app(ns, "web", Map.of("port", "80"))).create();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Map.of("port", "80").equals(secretData(ns, "web-copy")));
    Secret owned = cluster.client.secrets().inNamespace(ns).withName("web-copy").get();
    assertThat(owned.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(ref -> assertThat(ref.getController()).isTrue());

    // update
    cluster.client.configMaps().resource(app(ns, "web", Map.of("port", "8080"))).update();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Map.of("port", "8080").equals(secretData(ns, "web-copy")));

    // the owned Secret deleted by someone else: owns() reconciles its owner, which recreates it
    cluster.client.secrets().inNamespace(ns).withName("web-copy").delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              Secret s = cluster.client.secrets().inNamespace(ns).withName("web-copy").get();
              return s != null
                  && !s.getMetadata().getUid().equals(owned.getMetadata().getUid())
                  && decoded(s).equals(Map.of("port", "8080"));
            });

    // watches(): the defaults reach every app of the namespace
    cluster
        .client
        .configMaps()
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName("defaults")
                .endMetadata()
                .withData(Map.of("region", "eu", "port", "1"))
                .build())
        .create();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Map.of("region", "eu", "port", "8080").equals(secretData(ns, "web-copy"))
                    && Map.of("region", "eu", "port", "1", "k", "0")
                        .equals(secretData(ns, "early-copy")));
    // the predicate on the primary kept the defaults ConfigMap itself out
    assertThat(reconciler.count(ns, "defaults")).isZero();
    assertThat(secretData(ns, "defaults-copy")).isNull();

    // delete: the reconciler sees the ConfigMap gone and cleans up
    cluster.client.configMaps().inNamespace(ns).withName("web").delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> secretData(ns, "web-copy") == null);
    assertThat(secretData(ns, "early-copy")).isNotNull();
  }

  @Test
  void controllersShareOneInformerPerType() throws Exception {
    manager = Manager.builder(cluster.client).build();
    manager.controller(ConfigMap.class).name("a").complete(r -> Result.done());
    manager.controller(ConfigMap.class).name("b").owns(Secret.class).complete(r -> Result.done());
    manager.controller(Secret.class).complete(r -> Result.done());
    assertThat(manager.informer(ConfigMap.class)).isSameAs(manager.informer(ConfigMap.class));
    manager.start();
    // one ConfigMap informer and one Secret informer for three controllers
    assertThat(manager.informers().health()).hasSize(2);
    assertThat(List.copyOf(manager.informers().health().keySet()))
        .anyMatch(k -> k.startsWith("configmaps"))
        .anyMatch(k -> k.startsWith("secrets"));
    assertThat(manager.isLeader()).isTrue();
  }
}
