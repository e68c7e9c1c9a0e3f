package io.kubeloop.apiserver.http;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What both kinds of {@link EventChannel} share: close actions and the one pending drain action.
 */
abstract class BaseChannel implements EventChannel {

  private final List<Runnable> closeActions = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicReference<Runnable> pendingDrain = new AtomicReference<>();

  @Override
  public final void onClose(Runnable action) {
    closeActions.add(action);
    if (closed.get()) {
      action.run();
    }
  }

  @Override
  public final void whenWritable(Runnable action) {
    pendingDrain.set(action);
    // Registered first, checked second: a drain between the write that filled the queue and now
    // would otherwise go unnoticed.
    if (closed.get() || !writeQueueFull()) {
      drained();
    }
  }

  /** Runs the pending drain action, if any; the subclass calls it from its drain handler. */
  final void drained() {
    Runnable action = pendingDrain.getAndSet(null);
    if (action != null) {
      action.run();
    }
  }

  final boolean isClosed() {
    return closed.get();
  }

  final void runCloseActions() {
    if (closed.compareAndSet(false, true)) {
      closeActions.forEach(Runnable::run);
      drained(); // a paused writer learns that nothing more will be taken
    }
  }

  /** Whether the connection's write queue is over its limit; false once it is closed. */
  abstract boolean writeQueueFull();
}
