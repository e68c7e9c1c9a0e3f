package io.kubeloop.informers;

import static io.kubeloop.informers.FakeListWatch.bookmark;
import static io.kubeloop.informers.FakeListWatch.configMap;
import static io.kubeloop.informers.FakeListWatch.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReflectorTest {

  static final Duration WAIT = Duration.ofSeconds(10);

  final FakeClock clock = new FakeClock();
  final FakeListWatch fake = new FakeListWatch();
  final Informers informers = new Informers();
  DefaultSharedIndexInformer<ConfigMap> informer;

  static final class Events implements ResourceEventHandler<ConfigMap> {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void onAdd(ConfigMap obj, boolean initial) {
      seen.add("add " + obj.getMetadata().getName() + (initial ? " initial" : ""));
    }

    @Override
    public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
      seen.add("update " + newObj.getMetadata().getName() + " " + newObj.getData().get("v"));
    }

    @Override
    public void onDelete(ConfigMap obj, boolean unknown) {
      seen.add("delete " + obj.getMetadata().getName() + (unknown ? " unknown" : ""));
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (informer != null) {
      informer.stop();
      informer.awaitStopped(WAIT);
    }
  }

  private DefaultSharedIndexInformer<ConfigMap> start(InformerOptions options, Events events) {
    informer = informers.configMaps(fake, options, clock);
    informer.addEventHandler(events);
    informer.start();
    return informer;
  }

  private static InformerOptions paginated() {
    return InformerOptions.defaults().withNamespaces("ns").withListMode(ListMode.PAGINATED);
  }

  @Test
  void listsPagesThenWatchesFromTheListVersion() {
    fake.listPage("10", "tok", configMap("ns", "a", "5", "1"))
        .listPage("10", "", configMap("ns", "b", "6", "1"));
    FakeListWatch.Stream watch = fake.watchStream();
    Events events = new Events();
    start(paginated(), events);
    await().atMost(WAIT).until(informer::hasSynced);
    assertThat(fake.listQueries.get(0).resourceVersion()).isEmpty();
    assertThat(fake.listQueries.get(0).limit()).isEqualTo(5000);
    assertThat(fake.listQueries.get(1).continueToken()).isEqualTo("tok");
    await().atMost(WAIT).until(() -> fake.watchQueries.size() == 1);
    ListQuery w = fake.watchQueries.get(0);
    assertThat(w.resourceVersion()).isEqualTo("10");
    assertThat(w.encode()).contains("allowWatchBookmarks=true").contains("watch=true");
    assertThat(w.timeoutSeconds()).isBetween(300L, 599L);

    watch
        .frame("ADDED", configMap("ns", "c", "11", "1"))
        .frame("MODIFIED", configMap("ns", "a", "12", "2"))
        .frame("DELETED", configMap("ns", "b", "13", "1"))
        .frame("BOOKMARK", bookmark("20", false));
    await().atMost(WAIT).until(() -> informer.lastSyncResourceVersion().equals("20"));
    await().atMost(WAIT).until(() -> events.seen.size() == 5);
    assertThat(events.seen)
        .containsExactly("add a initial", "add b initial", "add c", "update a 2", "delete b");
    assertThat(FakeListWatch.names(informer.indexer().list())).containsExactly("a", "c");
  }

  @Test
  void anAddKeyHandlerGetsAddsByKeyAndTheRestAsObjects() {
    fake.listPage("10", "", configMap("ns", "a", "5", "1"));
    FakeListWatch.Stream watch = fake.watchStream();
    List<String> seen = new CopyOnWriteArrayList<>();
    informer = informers.configMaps(fake, paginated(), clock);
    informer.addEventHandler(
        new AddKeyHandler<ConfigMap>() {
          @Override
          public void onAddKey(String namespace, String name, boolean initial) {
            seen.add("key " + namespace + "/" + name + (initial ? " initial" : ""));
          }

          @Override
          public void onAdd(ConfigMap obj, boolean initial) {
            seen.add("object " + obj.getMetadata().getName());
          }

          @Override
          public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
            seen.add("update " + newObj.getMetadata().getName() + " " + newObj.getData().get("v"));
          }

          @Override
          public void onDelete(ConfigMap obj, boolean unknown) {
            seen.add("delete " + obj.getMetadata().getName());
          }
        });
    informer.start();
    await().atMost(WAIT).until(informer::hasSynced);
    await().atMost(WAIT).until(() -> fake.watchQueries.size() == 1);
    watch
        .frame("ADDED", configMap("ns", "b", "11", "1"))
        .frame("MODIFIED", configMap("ns", "a", "12", "2"))
        .frame("DELETED", configMap("ns", "b", "13", "1"));
    await().atMost(WAIT).until(() -> seen.size() == 4);
    assertThat(seen).containsExactly("key ns/a initial", "key ns/b", "update a 2", "delete b");
  }

  @Test
  void forbiddenWatchKeepsRetryingWithGrowingBackoffAndReportsIt() throws Exception {
    fake.listPage("10", "", configMap("ns", "a", "5", "1"));
    fake.watchError(403, "Forbidden").watchError(403, "Forbidden").watchError(403, "Forbidden");
    FakeListWatch.Stream watch = fake.watchStream();
    start(paginated(), new Events());
    await().atMost(WAIT).until(informer::hasSynced);

    Duration previous = Duration.ZERO;
    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThat(clock.awaitWaiters(1, WAIT)).isTrue();
      await()
          .atMost(WAIT)
          .until(() -> informer.health().state() == InformerHealth.State.BACKING_OFF);
      InformerHealth health = informer.health();
      assertThat(health.consecutiveFailures()).isEqualTo(attempt);
      assertThat(health.lastError().orElseThrow().code()).isEqualTo(403);
      assertThat(health.lastError().orElseThrow().phase()).isEqualTo(InformerError.Phase.WATCH);
      Duration delay = clock.nextDeadline().orElseThrow();
      long step = 800L << (attempt - 1);
      assertThat(delay.toMillis()).isBetween(step, 2 * step);
      assertThat(delay).isGreaterThan(previous.multipliedBy(1).minusMillis(1));
      previous = delay;
      clock.step(delay);
    }
    await().atMost(WAIT).until(() -> informer.health().state() == InformerHealth.State.WATCHING);
    assertThat(informers.errors)
        .hasSize(3)
        .allMatch(e -> e.code() == 403 && e.retryIn().toMillis() >= 800);
    // every retry watched from the version the cache had: nothing was relisted
    assertThat(fake.listQueries).hasSize(1);
    assertThat(fake.watchQueries).extracting(ListQuery::resourceVersion).containsOnly("10");
    watch.frame("ADDED", configMap("ns", "b", "11", "1"));
    await().atMost(WAIT).until(() -> informer.health().consecutiveFailures() == 0);
  }

  @Test
  void expiredWatchRelistsAtOnceAndDeletesWhatVanishedAsFinalStateUnknown() {
    fake.listPage("10", "", configMap("ns", "a", "5", "1"), configMap("ns", "b", "6", "1"));
    fake.watchStream().frame("ERROR", status(410, "Expired")).end();
    fake.listPage(
        "30",
        "",
        configMap("ns", "a", "25", "2"),
        configMap("ns", "c", "26", "1"),
        configMap("ns", "b", "6", "1").replace("\"name\":\"b\"", "\"name\":\"b2\""));
    fake.watchStream();
    Events events = new Events();
    start(paginated(), events);
    await().atMost(WAIT).until(() -> fake.watchQueries.size() == 2);
    assertThat(fake.listQueries.get(1).resourceVersion()).isEqualTo("");
    assertThat(fake.watchQueries.get(1).resourceVersion()).isEqualTo("30");
    await().atMost(WAIT).until(() -> events.seen.size() == 6);
    assertThat(events.seen)
        .containsExactly(
            "add a initial", "add b initial", "update a 2", "add c", "add b2", "delete b unknown");
    assertThat(informer.indexer().listKeys()).containsExactly("ns/a", "ns/b2", "ns/c");
    assertThat(informers.errors)
        .singleElement()
        .satisfies(e -> assertThat(e.code()).isEqualTo(410));
    assertThat(clock.waiterCount()).isZero();
  }

  @Test
  void relistLeavesObjectsWhoseVersionDidNotChangeAlone() {
    fake.listPage("10", "", configMap("ns", "a", "5", "1"));
    fake.watchStream().frame("ERROR", status(410, "Expired")).end();
    fake.listPage("12", "", configMap("ns", "a", "5", "1"));
    fake.watchStream();
    Events events = new Events();
    start(paginated(), events);
    await().atMost(WAIT).until(() -> fake.watchQueries.size() == 2);
    Entry before = informer.store().get(new ObjectKey("ns", "a"));
    assertThat(events.seen).containsExactly("add a initial");
    assertThat(informer.store().get(new ObjectKey("ns", "a"))).isSameAs(before);
  }

  @Test
  void streamingListUsesInitialEventsThenFallsBackToPagesOnAClientError() {
    InformerOptions streaming =
        InformerOptions.defaults().withNamespaces("ns").withListMode(ListMode.STREAMING);
    fake.watchStream()
        .frame("ADDED", configMap("ns", "a", "5", "1"))
        .frame("ADDED", configMap("ns", "b", "6", "1"))
        .frame("BOOKMARK", bookmark("9", true))
        .frame("MODIFIED", configMap("ns", "a", "10", "2"))
        .end();
    Events events = new Events();
    start(streaming, events);
    await().atMost(WAIT).until(informer::hasSynced);
    ListQuery q = fake.watchQueries.get(0);
    assertThat(q.encode())
        .contains("sendInitialEvents=true")
        .contains("resourceVersionMatch=NotOlderThan")
        .contains("allowWatchBookmarks=true");
    // after the stream ends, an ordinary watch resumes from the last version seen
    await().atMost(WAIT).until(() -> fake.watchQueries.size() == 2);
    assertThat(fake.watchQueries.get(1).sendInitialEvents()).isFalse();
    assertThat(fake.watchQueries.get(1).resourceVersion()).isEqualTo("10");
    assertThat(events.seen).containsExactly("add a initial", "add b initial", "update a 2");
  }

  @Test
  void serverWithoutStreamingListsGetsPaginatedLists() {
    fake.watchError(422, "Invalid");
    fake.listPage("10", "", configMap("ns", "a", "5", "1"));
    fake.watchStream();
    start(
        InformerOptions.defaults().withNamespaces("ns").withListMode(ListMode.STREAMING),
        new Events());
    await().atMost(WAIT).until(informer::hasSynced);
    assertThat(fake.listQueries).hasSize(1);
    await().atMost(WAIT).until(() -> fake.watchQueries.size() == 2);
    assertThat(fake.watchQueries.get(1).sendInitialEvents()).isFalse();
    assertThat(clock.waiterCount()).isZero();
  }

  @Test
  void aStreamingListThatLostItsEndMarkerFallsBackToPages() {
    fake.watchStream()
        .frame("ADDED", configMap("ns", "a", "5", "1"))
        .frame("BOOKMARK", bookmark("9", false));
    fake.listPage("10", "", configMap("ns", "a", "5", "1"), configMap("ns", "b", "6", "1"));
    fake.watchStream();
    Events events = new Events();
    start(InformerOptions.defaults().withNamespaces("ns").withListMode(ListMode.STREAMING), events);
    await().atMost(WAIT).until(informer::hasSynced);
    assertThat(fake.listQueries).hasSize(1);
    assertThat(informer.indexer().listKeys()).containsExactly("ns/a", "ns/b");
    assertThat(informers.errors)
        .singleElement()
        .satisfies(e -> assertThat(e.error()).hasMessageContaining("initial-events-end"));
  }

  @Test
  void aWatchThatEndsAtOnceWithoutEventsWaitsForTheBackoff() throws Exception {
    fake.listPage("10", "", configMap("ns", "a", "5", "1"));
    fake.watchStream().end();
    fake.watchStream();
    start(paginated(), new Events());
    assertThat(clock.awaitWaiters(1, WAIT)).isTrue();
    assertThat(fake.watchQueries).hasSize(1);
    assertThat(informer.health().lastError().orElseThrow().error().getMessage())
        .contains("ended at once");
    clock.step(clock.nextDeadline().orElseThrow());
    await().atMost(WAIT).until(() -> fake.watchQueries.size() == 2);
  }

  @Test
  void listFailureBacksOffThenListsAgain() throws Exception {
    fake.listError(500, "InternalError");
    fake.listPage("10", "", configMap("ns", "a", "5", "1"));
    fake.watchStream();
    start(paginated(), new Events());
    assertThat(clock.awaitWaiters(1, WAIT)).isTrue();
    assertThat(informer.hasSynced()).isFalse();
    assertThat(informer.health().lastError().orElseThrow().phase())
        .isEqualTo(InformerError.Phase.LIST);
    clock.step(clock.nextDeadline().orElseThrow());
    await().atMost(WAIT).until(informer::hasSynced);
  }

  @Test
  void droppedConnectionResumesFromTheLastVersion() throws Exception {
    fake.listPage("10", "", configMap("ns", "a", "5", "1"));
    FakeListWatch.Stream first = fake.watchStream();
    first.frame("MODIFIED", configMap("ns", "a", "11", "2"));
    fake.watchStream();
    start(paginated(), new Events());
    await().atMost(WAIT).until(() -> informer.lastSyncResourceVersion().equals("11"));
    informer.reflectors().get(0).dropWatch();
    // a broken connection is an error: the reflector waits for the backoff, then re-watches
    assertThat(clock.awaitWaiters(1, WAIT)).isTrue();
    clock.step(clock.nextDeadline().orElseThrow());
    await().atMost(WAIT).until(() -> fake.watchQueries.size() == 2);
    assertThat(fake.watchQueries.get(1).resourceVersion()).isEqualTo("11");
    assertThat(first.closed()).isTrue();
  }

  @Test
  void stopEndsTheReflectorAndShowsInHealth() throws Exception {
    fake.listPage("10", "", configMap("ns", "a", "5", "1"));
    fake.watchStream();
    start(paginated(), new Events());
    await().atMost(WAIT).until(informer::hasSynced);
    informer.stop();
    informer.awaitStopped(WAIT);
    assertThat(informer.health().state()).isEqualTo(InformerHealth.State.STOPPED);
    assertThat(informer.isRunning()).isFalse();
    assertThat(informer.indexer().size()).isEqualTo(1);
  }
}
