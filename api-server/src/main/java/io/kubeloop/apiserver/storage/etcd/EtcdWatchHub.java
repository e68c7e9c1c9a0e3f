package io.kubeloop.apiserver.storage.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch.Listener;
import io.etcd.jetcd.Watch.Watcher;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import io.kubeloop.apiserver.storage.CompactedException;
import io.kubeloop.apiserver.storage.Event;
import io.kubeloop.apiserver.storage.StorageException;
import io.kubeloop.apiserver.storage.Watch;
import io.kubeloop.apiserver.storage.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every storage watch of an {@link EtcdStorage} from one etcd watch, on one dispatcher
 * thread.
 *
 * <p>The etcd watch covers every key, not just the store's namespace: every etcd revision above 1
 * has an event, so the dispatcher sees each revision and can tell every storage watch it is current
 * ({@link WatchListener#onProgress}) also after writes elsewhere, without etcd's progress requests
 * (whose answer etcd 3.4 may send ahead of pending events).
 *
 * <p>Messages are handled in arrival order on the dispatcher thread:
 *
 * <ul>
 *   <li>a response of the current etcd watch advances {@link #dispatched}, goes into the {@link
 *       EventRing} and to every live watch;
 *   <li>a new watch is served {@code (after, dispatched]} from the ring (or, before the ring's
 *       floor, from etcd by {@link EtcdHistory}), then joins the live watches. Later responses
 *       carry only revisions above {@code dispatched}, so the switch has neither gap nor duplicate;
 *   <li>a failed etcd watch (member down, stream reset) is closed and opened again from {@code
 *       dispatched + 1} after a back-off: storage watches do not notice. jetcd's own resumption is
 *       not used: it may resume after the revision of its "created" response and skip events. If
 *       etcd compacted the revisions the hub still needs, every live watch ends with {@link
 *       CompactedException} and the hub continues from the compacted revision.
 * </ul>
 *
 * <p>Listeners run on the dispatcher thread and must not block.
 */
final class EtcdWatchHub {

  private static final Logger LOG = LoggerFactory.getLogger(EtcdWatchHub.class);
  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 2_000;

  private sealed interface Message permits Batch, Failed, Register, Unregister, Stop {}

  private record Batch(long generation, EtcdEvents events) implements Message {}

  private record Failed(long generation, Throwable error) implements Message {}

  private record Register(HubWatch watch) implements Message {}

  private record Unregister(HubWatch watch) implements Message {}

  private record Stop(StorageException reason) implements Message {}

  private final LinkedBlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
  private final Client client;
  private final EtcdKeys keys;
  private final EtcdHistory history;
  private final AtomicLong compacted;
  private final Thread thread;

  // Dispatcher thread only.
  private final EventRing ring;
  private final List<HubWatch> live = new ArrayList<>();
  private long dispatched;
  private long generation;
  private Watcher watcher;
  private long resumeAtNanos;
  private long backoffMillis = FIRST_BACKOFF_MILLIS;

  /** The highest revision dispatched, readable from any thread (for tests and diagnostics). */
  private volatile long dispatchedView;

  /**
   * Starts watching etcd after {@code startRevision}.
   *
   * @param compacted the store's compacted revision; raised when watch responses show compactions
   */
  EtcdWatchHub(
      Client client,
      EtcdKeys keys,
      EtcdHistory history,
      EventRing ring,
      long startRevision,
      AtomicLong compacted) {
    this.client = client;
    this.keys = keys;
    this.history = history;
    this.ring = ring;
    this.compacted = compacted;
    this.dispatched = startRevision;
    this.dispatchedView = startRevision;
    this.thread = Thread.ofPlatform().name("kubeloop-etcd-watch").daemon(true).unstarted(this::run);
    thread.start();
  }

  /** The highest revision handed to the watches so far. */
  long dispatched() {
    return dispatchedView;
  }

  /** Starts a storage watch of keys under {@code prefix} after {@code afterRevision}. */
  Watch register(String prefix, long afterRevision, WatchListener listener) {
    HubWatch watch = new HubWatch(prefix, afterRevision, listener);
    inbox.add(new Register(watch));
    return watch;
  }

  /** Ends every watch with {@code reason}, closes the etcd watch and waits for the thread. */
  void stop(StorageException reason) {
    inbox.add(new Stop(reason));
    if (Thread.currentThread() == thread) {
      return;
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    openWatcher();
    List<Message> batch = new ArrayList<>();
    while (true) {
      Message first;
      try {
        if (resumeAtNanos != 0) {
          long wait = resumeAtNanos - System.nanoTime();
          first = wait > 0 ? inbox.poll(wait, TimeUnit.NANOSECONDS) : null;
          if (first == null) {
            resumeAtNanos = 0;
            openWatcher();
            continue;
          }
        } else {
          first = inbox.take();
        }
      } catch (InterruptedException e) {
        shutDown(new StorageException("etcd watch dispatcher interrupted"));
        return;
      }
      batch.add(first);
      inbox.drainTo(batch);
      List<Event> pending = new ArrayList<>();
      long pendingUpTo = 0;
      for (int i = 0; i < batch.size(); i++) {
        Message message = batch.get(i);
        // consecutive responses become one delivery: a busy store makes fewer, larger calls
        if (message instanceof Batch b) {
          if (b.generation() == generation) {
            backoffMillis = FIRST_BACKOFF_MILLIS;
            compacted.accumulateAndGet(b.events().compactedHint(), Math::max);
            for (Event e : b.events().events()) {
              // a reopened watch starts after dispatched; this only guards against repeats
              if (e.revision() > dispatched) {
                pending.add(e);
              }
            }
            pendingUpTo = Math.max(pendingUpTo, b.events().upTo());
          }
          continue;
        }
        deliver(pending, pendingUpTo);
        pending.clear();
        pendingUpTo = 0;
        switch (message) {
          case Register register -> start(register.watch());
          case Unregister unregister -> live.remove(unregister.watch());
          case Failed failed -> failed(failed);
          case Stop stop -> {
            List<Message> rest = new ArrayList<>(batch.subList(i + 1, batch.size()));
            inbox.drainTo(rest);
            for (Message m : rest) {
              if (m instanceof Register r) {
                r.watch().fail(stop.reason());
              }
            }
            shutDown(stop.reason());
            return;
          }
          case Batch b -> throw new AssertionError(b);
        }
      }
      deliver(pending, pendingUpTo);
      batch.clear();
    }
  }

  private void openWatcher() {
    long gen = ++generation;
    WatchOption option =
        WatchOption.builder()
            .withRange(EtcdKeys.ALL)
            .withRevision(dispatched + 1)
            .withPrevKV(true)
            .withProgressNotify(true)
            .build();
    Listener listener =
        new Listener() {
          @Override
          public void onNext(WatchResponse response) {
            EtcdEvents events;
            try {
              events = EtcdEvents.of(response, keys);
            } catch (RuntimeException e) {
              inbox.add(new Failed(gen, e));
              return;
            }
            inbox.add(new Batch(gen, events));
          }

          @Override
          public void onError(Throwable error) {
            inbox.add(new Failed(gen, error));
          }

          @Override
          public void onCompleted() {
            // jetcd ends a watch it will not resume this way; closing it ourselves too, but then
            // the generation has moved on and this is ignored
            inbox.add(new Failed(gen, new StorageException("etcd watch ended")));
          }
        };
    try {
      watcher = client.getWatchClient().watch(EtcdKeys.ALL, option, listener);
    } catch (RuntimeException e) {
      inbox.add(new Failed(gen, e));
    }
  }

  private void closeWatcher() {
    Watcher w = watcher;
    watcher = null;
    generation++; // whatever the old watcher still sends is ignored
    if (w != null) {
      try {
        w.close();
      } catch (RuntimeException e) {
        LOG.debug("closing the etcd watch failed", e);
      }
    }
  }

  private void failed(Failed failed) {
    if (failed.generation() != generation) {
      return;
    }
    closeWatcher();
    if (failed.error() instanceof io.etcd.jetcd.common.exception.CompactedException c) {
      long compactedAt = c.getCompactedRevision();
      compacted.accumulateAndGet(compactedAt, Math::max);
      LOG.error(
          "etcd compacted revision {} before the watch received revisions after {}; "
              + "ending every storage watch",
          compactedAt,
          dispatched);
      CompactedException gone = new CompactedException(dispatched, compactedAt);
      for (HubWatch watch : live) {
        watch.fail(gone);
      }
      live.clear();
      dispatched = Math.max(dispatched, compactedAt);
      dispatchedView = dispatched;
      ring.reset(dispatched);
      openWatcher();
      return;
    }
    LOG.warn(
        "etcd watch failed after revision {}, reopening in {} ms: {}",
        dispatched,
        backoffMillis,
        failed.error().toString());
    resumeAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis);
    backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
  }

  private void deliver(List<Event> events, long upTo) {
    if (events.isEmpty() && upTo <= dispatched) {
      return;
    }
    ring.add(events);
    dispatched = Math.max(dispatched, upTo);
    dispatchedView = dispatched;
    for (HubWatch watch : live) {
      watch.deliver(events, dispatched);
    }
    live.removeIf(HubWatch::isClosed);
  }

  private void start(HubWatch watch) {
    if (watch.isClosed()) {
      return;
    }
    if (watch.delivered < dispatched) {
      if (watch.delivered < ring.floor()) {
        List<Event> old;
        try {
          old = history.read(watch.prefix, watch.delivered, ring.floor(), compacted.get());
        } catch (RuntimeException e) {
          watch.fail(e);
          return;
        }
        watch.deliver(old, ring.floor());
      }
      watch.deliver(ring.after(watch.delivered, watch.prefix), dispatched);
    }
    if (!watch.isClosed()) {
      live.add(watch);
    }
  }

  private void shutDown(StorageException reason) {
    closeWatcher();
    for (HubWatch watch : live) {
      watch.fail(reason);
    }
    live.clear();
  }

  /** One storage watch; its delivery state belongs to the dispatcher thread. */
  private final class HubWatch implements Watch {

    final String prefix;
    private final WatchListener listener;

    /** The revision up to which this watch has been served; dispatcher thread only. */
    long delivered;

    private volatile boolean closed;

    HubWatch(String prefix, long afterRevision, WatchListener listener) {
      this.prefix = prefix;
      this.listener = listener;
      this.delivered = afterRevision;
    }

    boolean isClosed() {
      return closed;
    }

    void deliver(List<Event> events, long upTo) {
      if (closed) {
        return;
      }
      List<Event> matching = null;
      for (Event event : events) {
        if (event.revision() > delivered && event.kv().key().startsWith(prefix)) {
          if (matching == null) {
            matching = new ArrayList<>();
          }
          matching.add(event);
        }
      }
      try {
        if (matching != null) {
          delivered = matching.get(matching.size() - 1).revision();
          listener.onEvents(List.copyOf(matching));
        }
        if (upTo > delivered) {
          delivered = upTo;
          listener.onProgress(upTo);
        }
      } catch (Throwable e) {
        // a listener's failure (an AssertionError in a test, too) ends its watch only
        fail(e);
        if (e instanceof VirtualMachineError fatal) {
          throw fatal;
        }
      }
    }

    void fail(Throwable error) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        listener.onError(error);
      } catch (Exception | AssertionError ignored) {
        // the watch is over either way
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        inbox.add(new Unregister(this));
      }
    }
  }
}
