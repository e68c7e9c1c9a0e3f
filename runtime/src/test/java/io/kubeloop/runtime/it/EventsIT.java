package io.kubeloop.runtime.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.informers.ResourceEventHandler;
import io.kubeloop.runtime.Controller;
import io.kubeloop.runtime.EventRecorder;
import io.kubeloop.runtime.Manager;
import io.kubeloop.runtime.Result;
import io.kubeloop.runtime.TerminalException;
import io.kubeloop.workqueue.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events through the manager: recorders share the manager's broadcaster on its wall clock (a fake
 * clock steps timestamps and aggregation windows), terminal errors become Warning events only when
 * asked for and only while the primary is cached, and close() sends what the last reconciles
 * recorded.
 */
class EventsIT {

  static final String NS = "events-it";
  static final Instant START = Instant.parse("2030-01-02T03:04:05Z");

  static Cluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = Cluster.start();
    cluster.namespace(NS);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void recordersTerminalErrorsAndClose() throws Exception {
    FakeClock clock = new FakeClock();
    CountDownLatch goneDeleted = new CountDownLatch(1);
    CountDownLatch lastMayFinish = new CountDownLatch(1);
    CountDownLatch lastStarted = new CountDownLatch(1);
    AtomicReference<Controller> loud = new AtomicReference<>();
    AtomicInteger quietCalls = new AtomicInteger();

    Manager manager =
        Manager.builder(cluster.newClient(null))
            .clock(clock, START)
            .configureInformers(
                b -> b.defaultOptions(InformerOptions.defaults().withNamespaces(NS)))
            .configureEvents(b -> b.host("test-host"))
            .build();
    Thread closer = null;
    try {
      loud.set(
          manager
              .controller(ConfigMap.class)
              .name("loud")
              .recordTerminalErrors()
              .complete(
                  request ->
                      switch (request.name()) {
                        case "bad" -> throw new TerminalException("spec is 100% invalid");
                        case "wrapped" ->
                            throw new IllegalStateException(
                                "cannot go on", new TerminalException("bad reference"));
                        case "gone" -> {
                          if (manager.lister(ConfigMap.class).namespace(NS).get("gone").isEmpty()) {
                            yield Result.done(); // the request of the delete event
                          }
                          // deleted and out of the cache before the error: no event
                          cluster.client.configMaps().inNamespace(NS).withName("gone").delete();
                          assertThat(goneDeleted.await(10, TimeUnit.SECONDS)).isTrue();
                          throw new TerminalException("too late");
                        }
                        case "ok" -> {
                          loud.get()
                              .eventRecorder()
                              .normal(configMap(manager, "ok"), "Reconciled", "all %s", "good");
                          yield Result.done();
                        }
                        case "last" -> {
                          lastStarted.countDown();
                          lastMayFinish.await();
                          loud.get()
                              .eventRecorder()
                              .normal(configMap(manager, "last"), "Finished", "while closing");
                          yield Result.done();
                        }
                        default -> Result.done();
                      }));
      manager
          .controller(Secret.class)
          .name("quiet")
          .complete(
              request -> {
                quietCalls.incrementAndGet();
                throw new TerminalException("not recorded");
              });
      manager
          .informer(ConfigMap.class)
          .addEventHandler(
              new ResourceEventHandler<>() {
                @Override
                public void onDelete(ConfigMap obj, boolean finalStateUnknown) {
                  if (obj.getMetadata().getName().equals("gone")) {
                    goneDeleted.countDown();
                  }
                }
              });
      manager.start();
      for (String name : List.of("bad", "wrapped", "gone", "ok")) {
        cluster
            .client
            .configMaps()
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withNamespace(NS)
                    .withName(name)
                    .endMetadata()
                    .build())
            .create();
      }
      cluster
          .client
          .secrets()
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withNamespace(NS)
                  .withName("s")
                  .endMetadata()
                  .build())
          .create();

      await().atMost(Duration.ofSeconds(20)).until(() -> events("bad").size() == 1);
      Event bad = events("bad").get(0);
      assertThat(bad.getType()).isEqualTo("Warning");
      assertThat(bad.getReason()).isEqualTo("ReconcileError");
      assertThat(bad.getMessage()).isEqualTo("spec is 100% invalid");
      assertThat(bad.getSource().getComponent()).isEqualTo("loud");
      assertThat(bad.getSource().getHost()).isEqualTo("test-host");
      assertThat(bad.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
      assertThat(bad.getFirstTimestamp()).isEqualTo("2030-01-02T03:04:05Z"); // the fake clock

      await().atMost(Duration.ofSeconds(20)).until(() -> events("wrapped").size() == 1);
      assertThat(events("wrapped").get(0).getMessage()).isEqualTo("cannot go on");

      await().atMost(Duration.ofSeconds(20)).until(() -> events("ok").size() == 1);
      Event ok = events("ok").get(0);
      assertThat(ok.getType()).isEqualTo("Normal");
      assertThat(ok.getReason()).isEqualTo("Reconciled");
      assertThat(ok.getMessage()).isEqualTo("all good");

      // the aggregation windows run on the manager's clock: a repeat within the hour is counted
      // on the same Event, one after it (the clock stepped, no waiting) makes a new Event
      EventRecorder ticks = manager.eventRecorder("ticker");
      ConfigMap okMap = configMap(manager, "ok");
      ticks.normal(okMap, "Tick", "same");
      ticks.normal(okMap, "Tick", "same");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> reasons("ok", "Tick").size() == 1 && count(reasons("ok", "Tick")) == 2);
      clock.step(Duration.ofHours(2));
      ticks.normal(okMap, "Tick", "same");
      await().atMost(Duration.ofSeconds(20)).until(() -> reasons("ok", "Tick").size() == 2);
      assertThat(reasons("ok", "Tick").get(1).getFirstTimestamp())
          .isEqualTo("2030-01-02T05:04:05Z");

      // wait until the quiet controller's terminal error and the loud one's for "gone" happened;
      // neither was recorded (checked at the end, after close() sent everything queued)
      await().atMost(Duration.ofSeconds(20)).until(() -> quietCalls.get() == 1);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  manager
                          .meterRegistry()
                          .find("controller.runtime.terminal.reconcile.errors")
                          .tags("controller", "loud")
                          .counter()
                          .count()
                      == 3);

      // close() drains the reconcile in flight, then sends what it recorded
      cluster
          .client
          .configMaps()
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withNamespace(NS)
                  .withName("last")
                  .endMetadata()
                  .build())
          .create();
      assertThat(lastStarted.await(20, TimeUnit.SECONDS)).isTrue();
      closer = Thread.ofVirtual().start(manager::close);
      await().atMost(Duration.ofSeconds(10)).until(() -> !manager.isLeader());
      lastMayFinish.countDown();
      closer.join(Duration.ofSeconds(30));
      assertThat(closer.isAlive()).isFalse();
      assertThat(events("last"))
          .singleElement()
          .satisfies(e -> assertThat(e.getReason()).isEqualTo("Finished"));

      // after close a recorder still works, but drops what it is given
      manager.eventRecorder("late").normal(okMap, "Late", "dropped");
      assertThat(events("gone")).isEmpty();
      assertThat(cluster.client.v1().events().inNamespace(NS).list().getItems())
          .noneMatch(e -> e.getSource().getComponent().equals("quiet"))
          .noneMatch(e -> "Late".equals(e.getReason()));
    } finally {
      lastMayFinish.countDown();
      manager.close();
      manager.client().close();
    }
  }

  private static ConfigMap configMap(Manager manager, String name) {
    return manager.lister(ConfigMap.class).namespace(NS).get(name).orElseThrow();
  }

  private static List<Event> events(String object) {
    return cluster.client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(object))
        .toList();
  }

  private static List<Event> reasons(String object, String reason) {
    return events(object).stream()
        .filter(e -> reason.equals(e.getReason()))
        .sorted(Comparator.comparing(Event::getFirstTimestamp))
        .toList();
  }

  private static int count(List<Event> events) {
    return events.isEmpty() ? 0 : events.get(0).getCount();
  }
}
