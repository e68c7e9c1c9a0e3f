package io.kubeloop.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeloop.apiserver.resource.ResourceRegistry;
import io.kubeloop.apiserver.resource.ResourceType;
import io.kubeloop.apiserver.storage.MemoryStorage;
import io.kubeloop.apiserver.watchcache.CachedObject;
import io.kubeloop.apiserver.watchcache.WatchCache;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResourceReaderPagingTest {

  private static final int OBJECTS = 2_000;

  private final ResourceType type =
      ResourceRegistry.withBuiltins().find("", "v1", "configmaps").orElseThrow();
  private final StoredObjectDecoder decoder = new StoredObjectDecoder(object -> Map.of());
  private MemoryStorage storage;
  private WatchCache cache;
  private ResourceReader reader;

  @BeforeEach
  void fill() {
    storage = MemoryStorage.create();
    for (int i = 0; i < OBJECTS; i++) {
      put("ns", String.format("cm-%05d", i), i % 2 == 0 ? "even" : "odd");
    }
    put("other", "cm-0", "even");
    cache = WatchCache.start(storage, type.keyPrefix(), decoder, 100);
    reader = new ResourceReader(type, storage, cache, decoder);
  }

  @AfterEach
  void close() {
    cache.close();
    storage.close();
  }

  @Test
  void pagingThroughAListVisitsEachObjectAboutOnceAndCountsWhatRemains() {
    AtomicInteger visited = new AtomicInteger();
    Predicate<CachedObject> counting = o -> visited.incrementAndGet() > 0;
    List<String> names = new ArrayList<>();
    String token = "";
    int pages = 0;
    ListResult page;
    do {
      page = reader.list("ns", new ListOptions("", "", 100, token, counting, false));
      page.items().forEach(o -> names.add(o.name()));
      pages++;
      token = page.continueToken();
      if (!token.isEmpty()) {
        assertThat(page.remainingItemCount()).isEqualTo((long) OBJECTS - names.size());
      }
    } while (!token.isEmpty());

    assertThat(pages).isEqualTo(OBJECTS / 100);
    assertThat(page.remainingItemCount()).isNull();
    assertThat(names).hasSize(OBJECTS).doesNotHaveDuplicates().isSorted();
    // before, every page filtered the whole namespace: 20 pages would have meant 40,000 visits
    assertThat(visited.get()).isLessThanOrEqualTo(OBJECTS + pages);
  }

  @Test
  void selectivePagesOmitTheRemainingCountAndEndWithoutAnEmptyPage() {
    Predicate<CachedObject> odd = o -> o.labels().get("parity").equals("odd");
    ListResult first = reader.list("ns", new ListOptions("", "", 999, "", odd, true));
    assertThat(first.items()).hasSize(999);
    assertThat(first.remainingItemCount()).isNull();
    assertThat(first.continueToken()).isNotEmpty();

    ListResult last =
        reader.list("ns", new ListOptions("", "", 999, first.continueToken(), odd, true));

    assertThat(last.items()).hasSize(1);
    assertThat(last.items().get(0).name()).isEqualTo("cm-01999");
    assertThat(last.continueToken()).isEmpty();
  }

  @Test
  void aContinuedListStaysAtItsRevisionAfterTheCacheMovesOn() {
    ListResult first = reader.list("ns", new ListOptions("", "", 10, "", o -> true, false));
    storage.delete(type.key("ns", "cm-00010"), 0);
    put("ns", "cm-00010x", "even");
    cache.awaitRevision(storage.currentRevision()).join();

    ListResult second =
        reader.list("ns", new ListOptions("", "", 10, first.continueToken(), o -> true, false));

    assertThat(second.revision()).isEqualTo(first.revision());
    assertThat(second.items()).extracting(CachedObject::name).startsWith("cm-00010", "cm-00011");
    assertThat(second.remainingItemCount()).isEqualTo((long) OBJECTS - 20);
  }

  private void put(String namespace, String name, String parity) {
    String json =
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\""
            + name
            + "\",\"namespace\":\""
            + namespace
            + "\",\"labels\":{\"parity\":\""
            + parity
            + "\"}}}";
    storage.create(type.key(namespace, name), json.getBytes(StandardCharsets.UTF_8), 0);
  }
}
