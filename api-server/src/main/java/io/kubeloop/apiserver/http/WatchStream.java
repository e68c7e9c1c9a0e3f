package io.kubeloop.apiserver.http;

import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.resource.ResourceType;
import io.kubeloop.apiserver.watchcache.CacheEvent;
import io.kubeloop.apiserver.watchcache.CacheWatch;
import io.kubeloop.apiserver.watchcache.WatchSink;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Encodes one watch's events as kube's watch frames, {@code {"type":"ADDED","object":{...}}},
 * splicing the cached object bytes in without re-encoding them, and sharing each change's frame
 * with the other watchers of the same encoding (see {@link SharedFrames}).
 *
 * <p>Flow control passes straight through: {@link #accept} reports the channel's write queue as
 * full, and {@link #whenWritable} waits for it to drain.
 */
final class WatchStream implements WatchSink {

  private static final byte[] OBJECT = ",\"object\":".getBytes(StandardCharsets.UTF_8);
  private static final byte[] END = "}\n".getBytes(StandardCharsets.UTF_8);

  private final EventChannel channel;
  private final ResourceType type;
  private final Renderer renderer;
  private final SharedFrames.Slot frames;
  private final Function<CacheEvent, Buffer> encoder = this::encode;
  private final boolean bookmarks;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile CacheWatch watch;

  WatchStream(
      EventChannel channel,
      Renderer renderer,
      SharedFrames.Slot frames,
      ResourceType type,
      boolean bookmarks) {
    this.channel = channel;
    this.renderer = renderer;
    this.frames = frames;
    this.type = type;
    this.bookmarks = bookmarks;
    channel.onClose(this::stop);
  }

  /** Attaches the cache registration so closing the connection ends it. */
  void attach(CacheWatch watch) {
    this.watch = watch;
    if (ended.get()) {
      watch.close();
    }
  }

  @Override
  public boolean accept(CacheEvent event) {
    if (ended.get()) {
      return true;
    }
    return switch (event.type()) {
      case BOOKMARK -> !bookmarks || channel.write(frames.frame(event, encoder));
      case INITIAL_EVENTS_END -> channel.write(frame("BOOKMARK", bookmark(event.revision(), true)));
      default -> channel.write(frames.frame(event, encoder));
    };
  }

  @Override
  public void whenWritable(Runnable resume) {
    channel.whenWritable(resume);
  }

  /** The frame of a change or a plain bookmark, the same for every watcher of this encoding. */
  private Buffer encode(CacheEvent event) {
    if (event.type() == CacheEvent.Type.BOOKMARK) {
      return frame("BOOKMARK", bookmark(event.revision(), false));
    }
    return frame(event.type().name(), renderer.object(event.object().json()));
  }

  @Override
  public void closed(boolean expired) {
    if (expired) {
      error(ApiException.expired("too old resource version"));
    } else {
      stop();
    }
  }

  /** Sends an ERROR event carrying {@code error}'s Status, then ends the stream. */
  void error(ApiException error) {
    if (!ended.get()) {
      channel.write(frame("ERROR", Json.write(error.status())));
    }
    stop();
  }

  /** Ends the stream (timeout, shutdown, or the client went away). */
  void stop() {
    if (ended.compareAndSet(false, true)) {
      CacheWatch w = watch;
      if (w != null) {
        w.close();
      }
      channel.end();
    }
  }

  private byte[] bookmark(long revision, boolean initialEventsEnd) {
    String annotations =
        initialEventsEnd ? ",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}" : "";
    return ("{\"kind\":\""
            + type.kind()
            + "\",\"apiVersion\":\""
            + type.apiVersion()
            + "\",\"metadata\":{\"resourceVersion\":\""
            + revision
            + "\""
            + annotations
            + "}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static Buffer frame(String type, byte[] object) {
    Buffer buffer = Buffer.buffer(object.length + 40);
    buffer.appendString("{\"type\":\"").appendString(type).appendString("\"");
    buffer.appendBytes(OBJECT).appendBytes(object).appendBytes(END);
    return buffer;
  }
}
