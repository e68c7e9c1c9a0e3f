package io.kubeloop.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A manager's one {@link EventBroadcaster}: created on first use with the manager's client and wall
 * clock, closed with the manager. Thread-safe.
 */
final class ManagerEvents {

  private final KubernetesClient client;
  private final Clock wallClock;
  private final Consumer<EventBroadcaster.Builder> config;
  private final ReentrantLock lock = new ReentrantLock();

  /** Guarded by {@link #lock}. */
  private EventBroadcaster broadcaster;

  /** Set by {@link #close()}: a broadcaster created after it is closed at once. Guarded by lock. */
  private boolean closed;

  ManagerEvents(
      KubernetesClient client, Clock wallClock, Consumer<EventBroadcaster.Builder> config) {
    this.client = client;
    this.wallClock = wallClock;
    this.config = config;
  }

  /** A recorder for {@code component}; after {@link #close()} it drops what it is given. */
  EventRecorder recorder(String component) {
    EventBroadcaster b;
    boolean closeNow = false;
    lock.lock();
    try {
      if (broadcaster == null) {
        EventBroadcaster.Builder builder = EventBroadcaster.builder(client).clock(wallClock);
        config.accept(builder);
        broadcaster = builder.build();
        closeNow = closed;
      }
      b = broadcaster;
    } finally {
      lock.unlock();
    }
    if (closeNow) {
      b.close(); // first used after close(): its events are dropped
    }
    return b.recorder(component);
  }

  /** Sends what is queued (up to the broadcaster's close timeout) and stops. Idempotent. */
  void close() {
    EventBroadcaster b;
    lock.lock();
    try {
      closed = true;
      b = broadcaster;
    } finally {
      lock.unlock();
    }
    if (b != null) {
      b.close(); // outside the lock: it waits for the queue
    }
  }
}
