package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.KubeApiServer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventRecorderIT {

  static final String NS = "events";

  static KubeApiServer server;
  static KubernetesClient client;
  static EventTestClock clock = new EventTestClock(Instant.parse("2026-03-04T05:06:07Z"));
  static EventBroadcaster broadcaster;
  static EventRecorder recorder;

  @BeforeAll
  static void start() throws Exception {
    server =
        KubeApiServer.start(
            ApiServerConfig.defaults(Files.createTempDirectory("kubeloop-events-it"))
                .withStorage(ApiServerConfig.StorageKind.MEMORY));
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(server.kubeconfig())))
            .build();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    broadcaster =
        EventBroadcaster.builder(client)
            .clock(clock)
            .host("test-host")
            .retries(3, Duration.ofMillis(50))
            .build();
    recorder = broadcaster.recorder("test-controller");
  }

  @AfterAll
  static void stop() {
    if (broadcaster != null) {
      broadcaster.close();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  static ConfigMap object(String name) {
    return client
        .configMaps()
        .inNamespace(NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(NS)
                .withName(name)
                .endMetadata()
                .build())
        .create();
  }

  static List<Event> eventsAbout(String namespace, String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .sorted(Comparator.comparing(e -> e.getMetadata().getName()))
        .toList();
  }

  @Test
  void anEventIsCreatedWithItsReferenceSourceAndTimes() {
    ConfigMap cm = object("created");
    recorder.normal(cm, "Synced", "synced %d keys", 3);

    await().atMost(Duration.ofSeconds(20)).until(() -> eventsAbout(NS, "created").size() == 1);
    Event e = eventsAbout(NS, "created").getFirst();
    assertThat(e.getMetadata().getName()).matches("created\\.[0-9a-f]+");
    assertThat(e.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("v1");
    assertThat(e.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
    assertThat(e.getInvolvedObject().getNamespace()).isEqualTo(NS);
    assertThat(e.getInvolvedObject().getUid()).isEqualTo(cm.getMetadata().getUid());
    assertThat(e.getInvolvedObject().getResourceVersion())
        .isEqualTo(cm.getMetadata().getResourceVersion());
    assertThat(e.getType()).isEqualTo("Normal");
    assertThat(e.getReason()).isEqualTo("Synced");
    assertThat(e.getMessage()).isEqualTo("synced 3 keys");
    assertThat(e.getCount()).isEqualTo(1);
    assertThat(e.getFirstTimestamp()).isEqualTo(e.getLastTimestamp());
    assertThat(Instant.parse(e.getFirstTimestamp())).isBeforeOrEqualTo(clock.instant());
    assertThat(e.getSource().getComponent()).isEqualTo("test-controller");
    assertThat(e.getSource().getHost()).isEqualTo("test-host");
    assertThat(e.getReportingComponent()).isEqualTo("test-controller");
    assertThat(e.getReportingInstance()).isEqualTo("test-host");
  }

  @Test
  void repeatsPatchTheCountAndLastTimestampOfOneEvent() {
    ConfigMap cm = object("repeated");
    Instant first = clock.instant();
    recorder.warning(cm, "BackOff", "restarting failed container");
    await().atMost(Duration.ofSeconds(20)).until(() -> eventsAbout(NS, "repeated").size() == 1);
    String rv = eventsAbout(NS, "repeated").getFirst().getMetadata().getResourceVersion();

    clock.step(Duration.ofSeconds(40));
    recorder.warning(cm, "BackOff", "restarting failed container");
    clock.step(Duration.ofSeconds(40));
    recorder.warning(cm, "BackOff", "restarting failed container");
    Instant last = clock.instant();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> eventsAbout(NS, "repeated").getFirst().getCount() == 3);
    List<Event> events = eventsAbout(NS, "repeated");
    assertThat(events).hasSize(1);
    Event e = events.getFirst();
    assertThat(e.getMetadata().getResourceVersion()).isNotEqualTo(rv);
    assertThat(e.getFirstTimestamp()).isEqualTo(EventSourceRecorder.timestamp(first));
    assertThat(e.getLastTimestamp()).isEqualTo(EventSourceRecorder.timestamp(last));
    assertThat(e.getType()).isEqualTo("Warning");
  }

  @Test
  void manySimilarEventsAreCombined() {
    ConfigMap cm = object("similar");
    for (int i = 1; i <= 12; i++) {
      recorder.warning(cm, "FailedMount", "volume %d is not ready", i);
      clock.step(Duration.ofSeconds(10));
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                eventsAbout(NS, "similar").stream()
                    .anyMatch(e -> e.getCount() == 3 && e.getMessage().startsWith("(combined")));
    List<Event> events = eventsAbout(NS, "similar");
    assertThat(events).hasSize(10);
    assertThat(events)
        .filteredOn(e -> e.getMessage().startsWith("(combined from similar events): "))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo("(combined from similar events): volume 12 is not ready");
              assertThat(e.getCount()).isEqualTo(3);
              assertThat(e.getReason()).isEqualTo("FailedMount");
            });
  }

  @Test
  void eventsAboutClusterScopedObjectsGoToDefault() {
    Namespace ns = client.namespaces().withName(NS).get();
    recorder.normal(ns, "Checked", "namespace is fine");
    await().atMost(Duration.ofSeconds(20)).until(() -> eventsAbout("default", NS).size() == 1);
    Event e = eventsAbout("default", NS).getFirst();
    assertThat(e.getInvolvedObject().getKind()).isEqualTo("Namespace");
    assertThat(e.getInvolvedObject().getNamespace()).isNullOrEmpty();
  }

  @Test
  void aDeletedEventIsCreatedAgainWithItsCount() {
    ConfigMap cm = object("expired");
    recorder.normal(cm, "Tick", "tick");
    await().atMost(Duration.ofSeconds(20)).until(() -> eventsAbout(NS, "expired").size() == 1);
    Event first = eventsAbout(NS, "expired").getFirst();
    client.resource(first).delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> eventsAbout(NS, "expired").isEmpty());

    clock.step(Duration.ofSeconds(5));
    recorder.normal(cm, "Tick", "tick");
    await().atMost(Duration.ofSeconds(20)).until(() -> eventsAbout(NS, "expired").size() == 1);
    Event again = eventsAbout(NS, "expired").getFirst();
    assertThat(again.getMetadata().getName()).isEqualTo(first.getMetadata().getName());
    assertThat(again.getCount()).isEqualTo(2);
    assertThat(again.getFirstTimestamp()).isEqualTo(first.getFirstTimestamp());
  }
}
