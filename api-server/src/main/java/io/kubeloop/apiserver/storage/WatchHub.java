package io.kubeloop.apiserver.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Fans a store's committed events out to its watches, on one dispatcher thread per store.
 *
 * <p>Writers {@link #publish} each committed batch, in revision order and each revision once; that
 * is a non-blocking enqueue, so a writer may do it while holding its own lock. Everything else
 * happens on the dispatcher thread, which handles one message at a time in arrival order:
 *
 * <ul>
 *   <li>a publish advances {@link #dispatched} and hands each live watch its matching events;
 *   <li>a new watch first reads {@code (afterRevision, dispatched]} from the store's history in
 *       pages, then joins the live watches. Since every publish after that point carries only
 *       revisions above {@code dispatched}, the switch from history to live events has neither a
 *       gap nor a duplicate.
 * </ul>
 *
 * <p>Listeners run on the dispatcher thread and must not block: a slow listener delays every watch
 * of the store. A listener that throws has its watch ended with that exception.
 */
final class WatchHub {

  /** Revisions read from history per catch-up query. */
  static final int CATCH_UP_PAGE = 1_000;

  private sealed interface Message permits Publish, Register, Unregister, Stop {}

  private record Publish(List<Event> events) implements Message {}

  private record Register(HubWatch watch) implements Message {}

  private record Unregister(HubWatch watch) implements Message {}

  private record Stop(StorageException reason) implements Message {}

  private final LinkedBlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
  private final HistoryReader history;
  private final Thread thread;

  /** The highest revision published so far; read and written by the dispatcher thread only. */
  private long dispatched;

  /** Watches receiving live events; dispatcher thread only. */
  private final List<HubWatch> live = new ArrayList<>();

  /**
   * Starts the dispatcher.
   *
   * @param startRevision the store's revision now; the first publish must follow it
   */
  WatchHub(String threadName, long startRevision, HistoryReader history) {
    this.history = history;
    this.dispatched = startRevision;
    this.thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::run);
    thread.start();
  }

  /** Queues committed events (in revision order, following the previous publish) for delivery. */
  void publish(List<Event> events) {
    if (!events.isEmpty()) {
      inbox.add(new Publish(events));
    }
  }

  /**
   * Starts a watch. The caller has already checked that history after {@code afterRevision} is
   * kept; if it is compacted before the catch-up reads it, the listener gets the {@link
   * CompactedException}. The store must not call this after {@link #stop}.
   */
  Watch register(String prefix, long afterRevision, WatchListener listener) {
    HubWatch watch = new HubWatch(prefix, afterRevision, listener);
    inbox.add(new Register(watch));
    return watch;
  }

  /**
   * Ends every watch with {@code reason} and stops the dispatcher, after delivering what was
   * published before. Waits for the thread unless called from it (a listener closing the store).
   */
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
    List<Message> batch = new ArrayList<>();
    List<Event> pending = new ArrayList<>();
    while (true) {
      try {
        batch.add(inbox.take());
      } catch (InterruptedException e) {
        failAll(new StorageException("watch dispatcher interrupted"), List.of());
        return;
      }
      inbox.drainTo(batch);
      for (int i = 0; i < batch.size(); i++) {
        Message message = batch.get(i);
        // consecutive publishes become one delivery, so a busy store makes fewer, larger calls
        if (message instanceof Publish publish) {
          pending.addAll(publish.events());
          continue;
        }
        deliver(pending);
        switch (message) {
          case Register register -> start(register.watch());
          case Unregister unregister -> live.remove(unregister.watch());
          case Stop stop -> {
            failAll(stop.reason(), batch.subList(i + 1, batch.size()));
            return;
          }
          case Publish publish -> throw new AssertionError(publish);
        }
      }
      deliver(pending);
      batch.clear();
    }
  }

  private void deliver(List<Event> events) {
    if (events.isEmpty()) {
      return;
    }
    dispatched = events.get(events.size() - 1).revision();
    for (HubWatch watch : live) {
      watch.deliver(events);
    }
    live.removeIf(HubWatch::isClosed);
    events.clear();
  }

  private void start(HubWatch watch) {
    long from = watch.delivered;
    while (from < dispatched && !watch.isClosed()) {
      long upTo = Math.min(dispatched, from + CATCH_UP_PAGE);
      List<Event> events;
      try {
        events = history.read(watch.prefix, from, upTo);
      } catch (RuntimeException e) {
        watch.fail(e);
        return;
      }
      watch.deliver(events);
      watch.delivered = upTo;
      from = upTo;
    }
    if (!watch.isClosed()) {
      live.add(watch);
    }
  }

  private void failAll(StorageException reason, List<Message> unhandled) {
    for (HubWatch watch : live) {
      watch.fail(reason);
    }
    live.clear();
    // watches registered but not started yet end the same way
    List<Message> rest = new ArrayList<>(unhandled);
    inbox.drainTo(rest);
    for (Message message : rest) {
      if (message instanceof Register register) {
        register.watch().fail(reason);
      }
    }
  }

  /** One watch; its delivery state belongs to the dispatcher thread. */
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

    void deliver(List<Event> events) {
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
      long end = events.isEmpty() ? delivered : events.get(events.size() - 1).revision();
      try {
        if (matching != null) {
          delivered = matching.get(matching.size() - 1).revision();
          listener.onEvents(List.copyOf(matching));
        }
        if (end > delivered) {
          // nothing under this prefix changed up to end: tell the listener it is current
          delivered = end;
          listener.onProgress(end);
        }
      } catch (Throwable e) {
        // whatever a listener throws (an AssertionError in a test, too) ends its watch, not the
        // dispatcher that serves every other watch
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
        // the watch is over either way; a listener failing to take the news changes nothing
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
