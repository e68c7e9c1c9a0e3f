package io.kubeloop.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Watches over WebSocket (Fabric8's default) and chunked HTTP, informers, resourceVersion rules.
 */
class WatchIT {

  static ServerFixture fixture;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    fixture = ServerFixture.start();
    client = fixture.client;
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("watch").endMetadata().build())
        .create();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static ConfigMap cm(String name, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToData("v", value)
        .build();
  }

  record Seen(Watcher.Action action, String name, String value, String rv) {}

  static final class Recorder implements Watcher<ConfigMap> {
    final List<Seen> events = new CopyOnWriteArrayList<>();
    final AtomicReference<WatcherException> closed = new AtomicReference<>();

    @Override
    public void eventReceived(Action action, ConfigMap resource) {
      events.add(
          new Seen(
              action,
              resource.getMetadata().getName(),
              resource.getData() == null ? null : resource.getData().get("v"),
              resource.getMetadata().getResourceVersion()));
    }

    @Override
    public void onClose(WatcherException cause) {
      closed.set(cause);
    }
  }

  @Test
  void watchDeliversAddModifyDeleteInOrder() {
    Recorder recorder = new Recorder();
    String rv = client.configMaps().inNamespace("watch").list().getMetadata().getResourceVersion();
    try (Watch w =
        client
            .configMaps()
            .inNamespace("watch")
            .watch(new ListOptionsBuilder().withResourceVersion(rv).build(), recorder)) {
      client.configMaps().inNamespace("watch").resource(cm("w1", "a")).create();
      client
          .configMaps()
          .inNamespace("watch")
          .withName("w1")
          .edit(c -> new ConfigMapBuilder(c).addToData("v", "b").build());
      client.configMaps().inNamespace("watch").withName("w1").delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> recorder.events.size() >= 3);
      assertThat(recorder.events)
          .extracting(Seen::action, Seen::value)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(Watcher.Action.ADDED, "a"),
              org.assertj.core.groups.Tuple.tuple(Watcher.Action.MODIFIED, "b"),
              org.assertj.core.groups.Tuple.tuple(Watcher.Action.DELETED, "b"));
    }
  }

  @Test
  void watchFromResourceVersionReplaysHistory() {
    ConfigMap created = client.configMaps().inNamespace("watch").resource(cm("w2", "1")).create();
    client
        .configMaps()
        .inNamespace("watch")
        .withName("w2")
        .edit(c -> new ConfigMapBuilder(c).addToData("v", "2").build());
    client.configMaps().inNamespace("watch").withName("w2").delete();
    Recorder recorder = new Recorder();
    try (Watch w =
        client
            .configMaps()
            .inNamespace("watch")
            .withField("metadata.name", "w2")
            .watch(
                new ListOptionsBuilder()
                    .withResourceVersion(created.getMetadata().getResourceVersion())
                    .build(),
                recorder)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> recorder.events.size() >= 2);
      assertThat(recorder.events)
          .extracting(Seen::action)
          .containsExactly(Watcher.Action.MODIFIED, Watcher.Action.DELETED);
    }
  }

  @Test
  void watchWithoutResourceVersionStartsWithCurrentState() {
    client.configMaps().inNamespace("watch").resource(cm("w3", "x")).create();
    Recorder recorder = new Recorder();
    try (Watch w = client.configMaps().inNamespace("watch").withName("w3").watch(recorder)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !recorder.events.isEmpty());
      assertThat(recorder.events.get(0).action()).isEqualTo(Watcher.Action.ADDED);
      assertThat(recorder.events.get(0).name()).isEqualTo("w3");
    }
  }

  @Test
  void chunkedWatchStreamsFramesAndEndsAtTimeout() {
    String rv = client.configMaps().inNamespace("watch").list().getMetadata().getResourceVersion();
    client.configMaps().inNamespace("watch").resource(cm("w4", "c")).create();
    ServerFixture.Raw raw =
        fixture.request(
            "GET",
            "/api/v1/namespaces/watch/configmaps?watch=true&timeoutSeconds=1&resourceVersion=" + rv,
            null,
            null);
    assertThat(raw.code()).isEqualTo(200);
    assertThat(raw.body()).contains("{\"type\":\"ADDED\",\"object\":{").contains("\"name\":\"w4\"");
  }

  @Test
  void sendInitialEventsEndsWithMarkedBookmark() {
    client.configMaps().inNamespace("watch").resource(cm("w5", "d")).create();
    ServerFixture.Raw raw =
        fixture.request(
            "GET",
            "/api/v1/namespaces/watch/configmaps?watch=true&timeoutSeconds=1&sendInitialEvents=true"
                + "&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true",
            null,
            null);
    assertThat(raw.code()).isEqualTo(200);
    String[] lines = raw.body().split("\n");
    assertThat(raw.body()).contains("\"name\":\"w5\"");
    String last = lines[lines.length - 1];
    assertThat(last)
        .startsWith("{\"type\":\"BOOKMARK\"")
        .contains("\"k8s.io/initial-events-end\":\"true\"");
  }

  @Test
  void sendInitialEventsWithoutNotOlderThanIsInvalid() {
    ServerFixture.Raw raw =
        fixture.request(
            "GET",
            "/api/v1/namespaces/watch/configmaps?watch=true&sendInitialEvents=true",
            null,
            null);
    assertThat(raw.code()).isEqualTo(422);
    assertThat(raw.body()).contains("\"reason\":\"Invalid\"");
  }

  @Test
  void tooOldResourceVersionGetsExpiredErrorEvent() throws Exception {
    try (ServerFixture small = ServerFixture.start(c -> c.withWatchCacheWindow(5))) {
      small
          .client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName("old").endMetadata().build())
          .create();
      String rv =
          small.client.configMaps().inNamespace("old").list().getMetadata().getResourceVersion();
      for (int i = 0; i < 20; i++) {
        small.client.configMaps().inNamespace("old").resource(cm("o" + i, "x")).create();
      }
      // a consistent list waits until the watch cache has applied every create
      small.client.configMaps().inNamespace("old").list();
      ServerFixture.Raw raw =
          small.request(
              "GET",
              "/api/v1/namespaces/old/configmaps?watch=true&timeoutSeconds=5&resourceVersion=" + rv,
              null,
              null);
      assertThat(raw.code()).isEqualTo(200);
      assertThat(raw.body())
          .startsWith("{\"type\":\"ERROR\",\"object\":{")
          .contains("\"reason\":\"Expired\"")
          .contains("\"code\":410")
          .contains("too old resource version");
    }
  }

  @Test
  void bookmarksReachWatchersThatAllowThem() throws Exception {
    try (ServerFixture quick =
        ServerFixture.start(c -> c.withBookmarkInterval(Duration.ofMillis(200)))) {
      ServerFixture.Raw raw =
          quick.request(
              "GET",
              "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1&allowWatchBookmarks=true&resourceVersion=1",
              null,
              null);
      assertThat(raw.body())
          .contains(
              "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"");
      ServerFixture.Raw none =
          quick.request(
              "GET",
              "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1&resourceVersion=1",
              null,
              null);
      assertThat(none.body()).doesNotContain("BOOKMARK");
    }
  }

  @Test
  void informerSyncsAndFollowsChanges() throws Exception {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("inf").endMetadata().build())
        .create();
    for (int i = 0; i < 30; i++) {
      client.configMaps().inNamespace("inf").resource(cm("i" + i, "0")).create();
    }
    List<String> added = new CopyOnWriteArrayList<>();
    List<String> deleted = new CopyOnWriteArrayList<>();
    SharedIndexInformer<ConfigMap> informer =
        client
            .configMaps()
            .inNamespace("inf")
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ConfigMap obj) {
                    added.add(obj.getMetadata().getName());
                  }

                  @Override
                  public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {}

                  @Override
                  public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                    deleted.add(obj.getMetadata().getName());
                  }
                });
    try {
      informer.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(informer.getStore().list()).hasSize(30);
      client.configMaps().inNamespace("inf").resource(cm("late", "1")).create();
      client.configMaps().inNamespace("inf").withName("i0").delete();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> added.contains("late") && deleted.contains("i0"));
      assertThat(informer.getStore().getByKey("inf/late")).isNotNull();
      assertThat(informer.getStore().getByKey("inf/i0")).isNull();
    } finally {
      informer.close();
    }
  }
}
