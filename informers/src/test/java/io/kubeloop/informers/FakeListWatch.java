package io.kubeloop.informers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * A scripted {@link ListWatchClient}: tests queue list answers and watch streams, the reflector
 * takes them in order. A request with nothing queued waits (in real time) for the test to queue
 * one, so tests decide when the reflector moves on.
 */
final class FakeListWatch implements ListWatchClient {

  /** A watch stream the test writes frames into. */
  static final class Stream implements WatchConnection {
    private final LinkedBlockingDeque<Object> chunks = new LinkedBlockingDeque<>();
    private static final Object END = new Object();
    private volatile boolean closed;

    Stream frame(String type, String objectJson) {
      chunks.add(
          ("{\"type\":\"" + type + "\",\"object\":" + objectJson + "}\n")
              .getBytes(StandardCharsets.UTF_8));
      return this;
    }

    Stream raw(String text) {
      chunks.add(text.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    Stream end() {
      chunks.add(END);
      return this;
    }

    boolean closed() {
      return closed;
    }

    @Override
    public byte[] nextChunk(long deadlineNanos) throws IOException, InterruptedException {
      while (true) {
        if (closed) {
          throw new IOException("closed");
        }
        Object next = chunks.poll(20, TimeUnit.MILLISECONDS);
        if (next == END) {
          return null;
        }
        if (next != null) {
          return (byte[]) next;
        }
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final LinkedBlockingDeque<Object> lists = new LinkedBlockingDeque<>();
  private final LinkedBlockingDeque<Object> watches = new LinkedBlockingDeque<>();
  final List<ListQuery> listQueries = new java.util.concurrent.CopyOnWriteArrayList<>();
  final List<ListQuery> watchQueries = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Queues a LIST answer: items as JSON objects. */
  FakeListWatch listPage(String resourceVersion, String continueToken, String... items) {
    String body =
        "{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\""
            + resourceVersion
            + "\""
            + (continueToken.isEmpty() ? "" : ",\"continue\":\"" + continueToken + "\"")
            + "},\"items\":["
            + String.join(",", items)
            + "]}";
    lists.add(body.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  FakeListWatch listError(int code, String reason) {
    lists.add(new StatusException(code, reason, reason));
    return this;
  }

  Stream watchStream() {
    Stream s = new Stream();
    watches.add(s);
    return s;
  }

  FakeListWatch watchError(int code, String reason) {
    watches.add(new StatusException(code, reason, reason));
    return this;
  }

  @Override
  public CompletableFuture<byte[]> list(String namespace, ListQuery query) {
    listQueries.add(query);
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            Object next = lists.take();
            if (next instanceof StatusException e) {
              throw new java.util.concurrent.CompletionException(e);
            }
            return (byte[]) next;
          } catch (InterruptedException e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        },
        r -> Thread.ofVirtual().start(r));
  }

  @Override
  public WatchConnection watch(String namespace, ListQuery query)
      throws IOException, InterruptedException {
    watchQueries.add(query);
    Object next = watches.take();
    if (next instanceof StatusException e) {
      throw e;
    }
    return (Stream) next;
  }

  @Override
  public String resource() {
    return "configmaps";
  }

  static String configMap(String namespace, String name, String rv, String value) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\""
        + name
        + "\",\"namespace\":\""
        + namespace
        + "\",\"resourceVersion\":\""
        + rv
        + "\",\"labels\":{\"app\":\"a\"}},\"data\":{\"v\":\""
        + value
        + "\"}}";
  }

  static String bookmark(String rv, boolean initialEventsEnd) {
    return "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\""
        + rv
        + "\""
        + (initialEventsEnd ? ",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}" : "")
        + "}}";
  }

  static String status(int code, String reason) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"message\":\"too old resource version: 1 (5)\",\"reason\":\""
        + reason
        + "\",\"code\":"
        + code
        + "}";
  }

  static List<String> names(List<io.fabric8.kubernetes.api.model.ConfigMap> cms) {
    List<String> out = new ArrayList<>();
    cms.forEach(c -> out.add(c.getMetadata().getName()));
    return out;
  }
}
