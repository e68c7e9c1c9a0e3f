package io.kubeloop.benchmarks.apiserver;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One watcher of the fan-out benchmark: records when each numbered event arrived. Fabric8 calls a
 * watcher's methods one at a time; {@link #delivered} publishes the array writes to the reader.
 */
final class WatchRecorder implements Watcher<ConfigMap> {

  /** Data keys the writer sets: the event's number and System.nanoTime() before sending it. */
  static final String SEQ = "seq";

  static final String SENT = "sent";

  /** Receipt time of event {@code i}, 0 until it arrives. */
  final long[] receivedAt;

  final AtomicInteger delivered = new AtomicInteger();
  final AtomicInteger duplicates = new AtomicInteger();
  final AtomicInteger warmupEvents = new AtomicInteger();
  volatile WatcherException closedWith;
  volatile boolean closed;

  WatchRecorder(int events) {
    receivedAt = new long[events];
  }

  @Override
  public void eventReceived(Action action, ConfigMap resource) {
    long now = System.nanoTime();
    Map<String, String> data = resource.getData();
    String seq = data == null ? null : data.get(SEQ);
    if (seq == null) {
      return;
    }
    int i = Integer.parseInt(seq);
    if (i < 0) {
      warmupEvents.incrementAndGet();
      return;
    }
    if (receivedAt[i] != 0) {
      duplicates.incrementAndGet();
      return;
    }
    receivedAt[i] = now;
    delivered.incrementAndGet();
  }

  @Override
  public void onClose(WatcherException cause) {
    closedWith = cause;
    closed = true;
  }

  @Override
  public void onClose() {
    closed = true;
  }
}
