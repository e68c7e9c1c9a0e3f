package io.kubeloop.apiserver.storage.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import io.kubeloop.apiserver.storage.Event;
import io.kubeloop.apiserver.storage.StorageUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads past events back from etcd, for a watch that starts before the recent events the store
 * keeps in memory. etcd has no "events between two revisions" call, so this opens a watch from the
 * start revision over every key and reads until it reaches the end revision: every revision after
 * the first has at least one event, so the end revision's own event ends the read.
 */
final class EtcdHistory {

  private sealed interface Item permits Responded, Failed {}

  private record Responded(WatchResponse response) implements Item {}

  private record Failed(Throwable error) implements Item {}

  private final Client client;
  private final EtcdKeys keys;
  private final Duration timeout;

  EtcdHistory(Client client, EtcdKeys keys, Duration timeout) {
    this.client = client;
    this.keys = keys;
    this.timeout = timeout;
  }

  /**
   * The events with a revision in {@code (after, upTo]} whose key starts with {@code prefix}.
   * {@code upTo} must be a revision at which etcd has an event (every revision above 1).
   *
   * @param compacted what the store knows is compacted, for the exception's message
   * @throws io.kubeloop.apiserver.storage.CompactedException if etcd compacted them
   * @throws StorageUnavailableException if etcd does not deliver them in time
   */
  List<Event> read(String prefix, long after, long upTo, long compacted) {
    List<Event> result = new ArrayList<>();
    if (upTo <= after) {
      return result;
    }
    LinkedBlockingQueue<Item> items = new LinkedBlockingQueue<>();
    WatchOption option =
        WatchOption.builder()
            .withRange(EtcdKeys.ALL)
            .withRevision(after + 1)
            .withPrevKV(true)
            .build();
    Watch.Listener listener =
        Watch.listener(r -> items.add(new Responded(r)), e -> items.add(new Failed(e)));
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Watch.Watcher watcher = client.getWatchClient().watch(EtcdKeys.ALL, option, listener)) {
      while (true) {
        Item item = items.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        switch (item) {
          case null ->
              throw new StorageUnavailableException(
                  "etcd did not send the events after revision "
                      + after
                      + " within "
                      + timeout.toMillis()
                      + " ms",
                  true,
                  null);
          case Failed failed ->
              throw EtcdCalls.translate(
                  failed.error(), "watch from " + (after + 1), after, compacted);
          case Responded responded -> {
            EtcdEvents batch = EtcdEvents.of(responded.response(), keys);
            for (Event e : batch.events()) {
              if (e.revision() <= upTo && e.kv().key().startsWith(prefix)) {
                result.add(e);
              }
            }
            if (batch.upTo() >= upTo) {
              return result;
            }
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageUnavailableException("interrupted while reading etcd history", false, e);
    }
  }
}
