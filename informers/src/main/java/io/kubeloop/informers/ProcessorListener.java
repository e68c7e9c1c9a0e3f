package io.kubeloop.informers;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * One handler's delivery: an unbounded FIFO of notifications drained by the handler's own virtual
 * thread, so notifications reach it in order and a slow handler holds up nobody else (client-go's
 * {@code processorListener}, whose buffer also grows without bound).
 *
 * <p>Thread-safety: {@link #enqueue} may be called from any thread (the informer calls it under its
 * distribution lock, which fixes the order); the handler runs only on this listener's thread.
 *
 * @param <T> the object type
 */
final class ProcessorListener<T> implements HandlerRegistration {

  private final ResourceEventHandler<? super T> handler;
  private final ObjectDecoder<T> decoder;
  private final Consumer<Throwable> onHandlerError;
  private final Consumer<ProcessorListener<T>> onClose;
  private final LinkedBlockingQueue<Notification> queue = new LinkedBlockingQueue<>();
  private final long resyncNanos;
  // whether the handler overrides each callback: notifications it ignores are not decoded
  private final boolean wantsAdds;
  private final boolean wantsUpdates;
  private final boolean wantsDeletes;
  // a handler that takes added objects by key: adds are not decoded at all
  private final AddKeyHandler<? super T> addsByKey;
  private volatile boolean synced;
  private volatile boolean closed;
  private volatile long nextResyncNanos;
  private Thread thread;

  ProcessorListener(
      ResourceEventHandler<? super T> handler,
      ObjectDecoder<T> decoder,
      Duration resyncPeriod,
      Consumer<Throwable> onHandlerError,
      Consumer<ProcessorListener<T>> onClose) {
    this.handler = handler;
    this.decoder = decoder;
    this.resyncNanos = resyncPeriod.toNanos();
    this.onHandlerError = onHandlerError;
    this.onClose = onClose;
    this.wantsAdds = overrides(handler, "onAdd", Object.class, boolean.class);
    this.wantsUpdates = overrides(handler, "onUpdate", Object.class, Object.class);
    this.wantsDeletes = overrides(handler, "onDelete", Object.class, boolean.class);
    this.addsByKey = handler instanceof AddKeyHandler<? super T> k ? k : null;
  }

  private static boolean overrides(Object handler, String name, Class<?>... parameters) {
    try {
      return handler.getClass().getMethod(name, parameters).getDeclaringClass()
          != ResourceEventHandler.class;
    } catch (NoSuchMethodException e) {
      return true;
    }
  }

  void start(String name) {
    thread = Thread.ofVirtual().name(name).start(this::run);
  }

  void enqueue(Notification n) {
    if (!closed) {
      queue.add(n);
    }
  }

  long resyncNanos() {
    return resyncNanos;
  }

  long nextResyncNanos() {
    return nextResyncNanos;
  }

  void scheduleResync(long nowNanos) {
    nextResyncNanos = nowNanos + resyncNanos;
  }

  @Override
  public boolean hasSynced() {
    return synced;
  }

  @Override
  public int pending() {
    return queue.size();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.clear();
    if (thread != null) {
      thread.interrupt();
    }
    onClose.accept(this);
  }

  /** Stops delivery without unregistering (the informer is stopping). */
  void shutdown() {
    closed = true;
    queue.clear();
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void run() {
    while (!closed) {
      Notification n;
      try {
        n = queue.take();
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
        continue;
      }
      deliver(n);
    }
  }

  private void deliver(Notification n) {
    try {
      switch (n) {
        case Notification.Added a -> {
          if (addsByKey != null) {
            ObjectKey key = a.entry().key;
            addsByKey.onAddKey(key.namespace(), key.name(), a.initial());
          } else if (wantsAdds) {
            handler.onAdd(decoder.decode(a.entry()), a.initial());
          }
        }
        case Notification.Updated u -> {
          if (wantsUpdates) {
            handler.onUpdate(decoder.decode(u.old()), decoder.decode(u.now()));
          }
        }
        case Notification.Deleted d -> {
          if (wantsDeletes) {
            handler.onDelete(decoder.decode(d.entry()), d.finalStateUnknown());
          }
        }
        case Notification.Synced s -> synced = true;
      }
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError vm) {
        throw vm;
      }
      onHandlerError.accept(t);
    }
  }
}
