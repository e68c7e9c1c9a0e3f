package io.kubeloop.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeloop.apiserver.registry.StoredObjectDecoder;
import io.kubeloop.apiserver.resource.ResourceRegistry;
import io.kubeloop.apiserver.resource.ResourceType;
import io.kubeloop.apiserver.storage.MemoryStorage;
import io.kubeloop.apiserver.table.Tables;
import io.kubeloop.apiserver.watchcache.CachedObject;
import io.kubeloop.apiserver.watchcache.WatchCache;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Watchers that share frames receive exactly what each would have received on its own, whatever its
 * representation, selector, bookmarks and starting resourceVersion; and watchers that see a change
 * alike are sent one and the same frame.
 */
class SharedFramesTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);

  private final ResourceType type =
      ResourceRegistry.withBuiltins().find("", "v1", "configmaps").orElseThrow();
  private final MemoryStorage storage = MemoryStorage.create();
  private final WatchCache cache =
      WatchCache.start(storage, type.keyPrefix(), new StoredObjectDecoder(o -> Map.of()), 100);

  /** One kind of watcher: how it renders, what it selects, bookmarks, where it starts. */
  private record Spec(
      Representation representation,
      Predicate<CachedObject> filter,
      boolean bookmarks,
      Function<Long, WatchCache.Start> start) {}

  @AfterEach
  void close() {
    cache.close();
    storage.close();
  }

  @Test
  void sharedFramesChangeNothingAnyWatcherReceives() {
    put("a", "blue", 0);
    long afterA = storage.currentRevision();
    Predicate<CachedObject> blue = o -> "blue".equals(o.labels().get("color"));
    Representation table = new Representation(Representation.Form.TABLE, "v1");
    Representation partial = new Representation(Representation.Form.PARTIAL_METADATA, "v1");
    List<Spec> specs =
        List.of(
            new Spec(Representation.OBJECT, o -> true, true, rv -> new WatchCache.Start.After(rv)),
            new Spec(Representation.OBJECT, o -> true, false, rv -> new WatchCache.Start.After(rv)),
            new Spec(Representation.OBJECT, blue, true, rv -> new WatchCache.Start.After(rv)),
            new Spec(Representation.OBJECT, o -> true, true, rv -> new WatchCache.Start.After(0)),
            new Spec(table, o -> true, true, rv -> new WatchCache.Start.After(rv)),
            new Spec(table, blue, true, rv -> new WatchCache.Start.After(rv)),
            new Spec(partial, o -> true, true, rv -> new WatchCache.Start.After(rv)),
            new Spec(
                Representation.OBJECT,
                o -> true,
                true,
                rv -> new WatchCache.Start.CurrentState(false)));
    SharedFrames shared = new SharedFrames();
    List<Recorder> sharing = new ArrayList<>();
    List<Recorder> alone = new ArrayList<>();
    for (Spec spec : specs) {
      sharing.add(watch(spec, shared, afterA));
      alone.add(watch(spec, new SharedFrames(), afterA));
    }

    put("b", "blue", 0);
    long b = storage.get(type.key("ns", "b")).orElseThrow().modRevision();
    put("b", "red", b); // leaves the blue selector: DELETED for those watchers, MODIFIED for others
    put("c", "red", 0);
    storage.delete(type.key("ns", "a"), 0);
    cache.awaitRevision(storage.currentRevision()).join();
    cache.bookmark();

    for (int i = 0; i < specs.size(); i++) {
      assertThat(sharing.get(i).texts()).as("watcher %d", i).isEqualTo(alone.get(i).texts());
    }
    assertThat(sharing.get(0).texts())
        .hasSize(5); // ADDED b, MODIFIED b, ADDED c, DELETED a, BOOKMARK
    assertThat(sharing.get(1).texts()).hasSize(4); // no bookmark
    // ADDED b, DELETED b (turned red), DELETED a, BOOKMARK
    assertThat(sharing.get(2).texts()).hasSize(4);
    assertThat(sharing.get(2).texts().get(1)).startsWith("{\"type\":\"DELETED\"");
    assertThat(sharing.get(4).texts().get(0)).contains("\"kind\":\"Table\"");
    assertThat(sharing.get(6).texts().get(0)).contains("\"kind\":\"PartialObjectMetadata\"");
    // the JSON watchers that see a change alike get the very same frame
    assertThat(sharing.get(0).frames.get(1)).isSameAs(sharing.get(1).frames.get(1));
    assertThat(sharing.get(0).frames.get(3)).isSameAs(sharing.get(2).frames.get(2)); // DELETED a
    assertThat(sharing.get(0).frames.get(4)).isSameAs(sharing.get(2).frames.get(3)); // bookmark
    assertThat(sharing.get(0).frames.get(0)).isNotSameAs(sharing.get(4).frames.get(0));
  }

  private Recorder watch(Spec spec, SharedFrames frames, long from) {
    Renderer renderer =
        new Renderer(
            spec.representation(),
            new VersionConverter(type, type),
            Tables.IncludeObject.METADATA,
            CLOCK);
    Recorder recorder = new Recorder();
    WatchStream stream =
        new WatchStream(
            recorder, renderer, frames.slot(renderer.encodingKey()), type, spec.bookmarks());
    stream.attach(
        cache
            .watch(type.keyPrefix("ns"), spec.filter(), spec.start().apply(from), stream)
            .orElseThrow());
    return recorder;
  }

  private void put(String name, String color, long expected) {
    String json =
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\""
            + name
            + "\",\"namespace\":\"ns\",\"labels\":{\"color\":\""
            + color
            + "\"},\"creationTimestamp\":\"2026-11-21T00:00:00Z\"}}";
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    if (expected == 0) {
      storage.create(type.key("ns", name), bytes, 0);
    } else {
      storage.update(type.key("ns", name), expected, bytes, 0);
    }
    cache.awaitRevision(storage.currentRevision()).join();
  }

  /** An always-writable channel that keeps what it was given. */
  private static final class Recorder implements EventChannel {
    final List<Buffer> frames = new CopyOnWriteArrayList<>();

    @Override
    public boolean write(Buffer frame) {
      frames.add(frame);
      return true;
    }

    @Override
    public void whenWritable(Runnable action) {
      action.run();
    }

    @Override
    public void end() {}

    @Override
    public void onClose(Runnable action) {}

    List<String> texts() {
      return frames.stream().map(f -> f.toString(StandardCharsets.UTF_8)).toList();
    }
  }
}
