package io.kubeloop.apiserver.storage.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.kubeloop.apiserver.storage.Event;
import io.kubeloop.apiserver.storage.KeyValue;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One etcd watch response as storage events.
 *
 * @param events the events of keys in the namespace, in revision order
 * @param upTo the highest revision the response covers (its last event's, also outside the
 *     namespace, or a progress notification's header revision): nothing up to it is missing
 * @param compactedHint the revision kube-style compactors recorded under {@code compact_rev_key} in
 *     this response, or 0
 */
record EtcdEvents(List<Event> events, long upTo, long compactedHint) {

  private static final Logger LOG = LoggerFactory.getLogger(EtcdEvents.class);

  static EtcdEvents of(WatchResponse response, EtcdKeys keys) {
    List<WatchEvent> raw = response.getEvents();
    if (raw.isEmpty()) {
      return new EtcdEvents(List.of(), response.getHeader().getRevision(), 0);
    }
    List<Event> events = new ArrayList<>(raw.size());
    long upTo = 0;
    long compacted = 0;
    for (WatchEvent we : raw) {
      io.etcd.jetcd.KeyValue kv = we.getKeyValue();
      long revision = kv.getModRevision();
      upTo = Math.max(upTo, revision);
      String key = keys.fromEtcd(kv.getKey());
      if (key == null) {
        if (we.getEventType() == WatchEvent.EventType.PUT
            && kv.getKey().toString(UTF_8).equals(EtcdKeys.COMPACT_REV_KEY)) {
          compacted = Math.max(compacted, parseRevision(kv.getValue().toString(UTF_8)));
        }
        continue;
      }
      io.etcd.jetcd.KeyValue prev = we.getPrevKV();
      KeyValue prevKv =
          prev == null || prev.getModRevision() == 0 ? null : keys.fromEtcd(key, prev);
      if (we.getEventType() == WatchEvent.EventType.DELETE) {
        if (prevKv == null) {
          // etcd sends the previous value unless it was compacted away meanwhile
          LOG.warn(
              "etcd DELETE of {} at revision {} came without its previous value", key, revision);
          events.add(
              new Event(Event.Type.DELETE, new KeyValue(key, new byte[0], 0, revision), null));
        } else {
          KeyValue deleted = new KeyValue(key, prevKv.value(), prevKv.createRevision(), revision);
          events.add(new Event(Event.Type.DELETE, deleted, prevKv));
        }
      } else if (we.getEventType() == WatchEvent.EventType.PUT) {
        KeyValue now = keys.fromEtcd(key, kv);
        // a PUT that created the key has no previous entry
        events.add(new Event(Event.Type.PUT, now, kv.getVersion() == 1 ? null : prevKv));
      }
    }
    return new EtcdEvents(events, upTo, compacted);
  }

  static long parseRevision(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
