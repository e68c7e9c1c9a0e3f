package io.kubeloop.informers.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.kubeloop.informers.FakeClock;
import io.kubeloop.informers.HandlerRegistration;
import io.kubeloop.informers.InformerError;
import io.kubeloop.informers.InformerFactory;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.informers.ResourceEventHandler;
import io.kubeloop.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Handler isolation, late handlers, resync and failing handlers. */
class HandlersIT {

  static Cluster cluster;

  @BeforeAll
  static void start() {
    cluster = Cluster.start();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aSlowHandlerDelaysOnlyItself() throws Exception {
    cluster.namespace("slow");
    try (InformerFactory factory = InformerFactory.create(cluster.client)) {
      SharedIndexInformer<ConfigMap> informer =
          factory.informer(ConfigMap.class, InformerOptions.defaults().withNamespaces("slow"));
      CountDownLatch release = new CountDownLatch(1);
      List<String> slowSeen = new CopyOnWriteArrayList<>();
      HandlerRegistration slow =
          informer.addEventHandler(
              new ResourceEventHandler<>() {
                @Override
                public void onAdd(ConfigMap obj, boolean initial) {
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  slowSeen.add(obj.getMetadata().getName());
                }
              });
      Recorder<ConfigMap> fast = new Recorder<>();
      informer.addEventHandler(fast);
      informer.start();
      assertThat(informer.waitForSync(Duration.ofSeconds(20))).isTrue();
      for (int i = 0; i < 50; i++) {
        cluster.create("slow", "cm-" + i, "0");
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> fast.count("add") == 50);
      // the watch and the cache kept up too
      assertThat(informer.indexer().size()).isEqualTo(50);
      assertThat(slowSeen).isEmpty();
      assertThat(slow.pending()).isGreaterThanOrEqualTo(49);
      release.countDown();
      await().atMost(Duration.ofSeconds(20)).until(() -> slowSeen.size() == 50);
      assertThat(slowSeen)
          .isEqualTo(fast.events.stream().map(e -> e.object().getMetadata().getName()).toList());
    }
  }

  @Test
  void aHandlerAddedLateGetsTheCacheThenLiveChangesAndSyncs() throws Exception {
    cluster.namespace("late");
    for (int i = 0; i < 10; i++) {
      cluster.create("late", "cm-" + i, "0");
    }
    try (InformerFactory factory = InformerFactory.create(cluster.client)) {
      SharedIndexInformer<ConfigMap> informer =
          factory.informer(ConfigMap.class, InformerOptions.defaults().withNamespaces("late"));
      informer.start();
      assertThat(informer.waitForSync(Duration.ofSeconds(20))).isTrue();
      Recorder<ConfigMap> late = new Recorder<>();
      HandlerRegistration registration = informer.addEventHandler(late);
      await().atMost(Duration.ofSeconds(10)).until(registration::hasSynced);
      assertThat(late.events).hasSize(10).allMatch(e -> e.type().equals("add") && e.flag());
      cluster.update("late", "cm-0", "1");
      await().atMost(Duration.ofSeconds(10)).until(() -> late.count("update") == 1);
      registration.close();
      cluster.update("late", "cm-1", "1");
      cluster.update("late", "cm-0", "2");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  informer
                      .indexer()
                      .get("late", "cm-0")
                      .orElseThrow()
                      .getData()
                      .get("v")
                      .equals("2"));
      assertThat(late.count("update")).isEqualTo(1);
    }
  }

  @Test
  void resyncRedeliversEveryObjectToTheHandlersThatAskedForIt() throws Exception {
    cluster.namespace("resync");
    for (int i = 0; i < 5; i++) {
      cluster.create("resync", "cm-" + i, "0");
    }
    FakeClock clock = new FakeClock();
    try (InformerFactory factory = InformerFactory.builder(cluster.client).clock(clock).build()) {
      SharedIndexInformer<ConfigMap> informer =
          factory.informer(ConfigMap.class, InformerOptions.defaults().withNamespaces("resync"));
      Recorder<ConfigMap> everyMinute = new Recorder<>();
      Recorder<ConfigMap> never = new Recorder<>();
      informer.addEventHandler(everyMinute, Duration.ofMinutes(1));
      informer.addEventHandler(never);
      informer.start();
      assertThat(informer.waitForSync(Duration.ofSeconds(20))).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> everyMinute.count("add") == 5);
      assertThat(everyMinute.count("resync")).isZero();
      clock.step(Duration.ofSeconds(61));
      await().atMost(Duration.ofSeconds(10)).until(() -> everyMinute.count("resync") == 5);
      clock.step(Duration.ofSeconds(61));
      await().atMost(Duration.ofSeconds(10)).until(() -> everyMinute.count("resync") == 10);
      assertThat(never.count("resync")).isZero();
    }
  }

  @Test
  void aThrowingHandlerIsReportedAndKeepsGettingNotifications() throws Exception {
    cluster.namespace("throws");
    List<InformerError> errors = new CopyOnWriteArrayList<>();
    try (InformerFactory factory =
        InformerFactory.builder(cluster.client).errorHandler(errors::add).build()) {
      SharedIndexInformer<ConfigMap> informer =
          factory.informer(ConfigMap.class, InformerOptions.defaults().withNamespaces("throws"));
      List<String> seen = new CopyOnWriteArrayList<>();
      informer.addEventHandler(
          new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap obj, boolean initial) {
              seen.add(obj.getMetadata().getName());
              throw new IllegalStateException("boom " + obj.getMetadata().getName());
            }
          });
      informer.start();
      assertThat(informer.waitForSync(Duration.ofSeconds(20))).isTrue();
      cluster.create("throws", "a", "0");
      cluster.create("throws", "b", "0");
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> errors.size() == 2);
      assertThat(errors).allMatch(e -> e.phase() == InformerError.Phase.HANDLER);
      assertThat(informer.health().healthy()).isTrue();
    }
  }
}
