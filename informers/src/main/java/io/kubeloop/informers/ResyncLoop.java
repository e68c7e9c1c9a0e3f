package io.kubeloop.informers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Periodic resyncs: wakes when the earliest handler's resync is due, has the informer queue {@code
 * onUpdate(obj, obj)} of every cached object for the handlers that are due, and schedules their
 * next one. Resyncs wait until the informer has synced. Runs on its own virtual thread; time comes
 * from the informer's {@link Clock}.
 *
 * @param <T> the object type
 */
final class ResyncLoop<T extends HasMetadata> {

  private final DefaultSharedIndexInformer<T> informer;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean dirty; // guarded by lock: the handler set changed since the last look
  private volatile boolean stopped;
  private Thread thread;

  ResyncLoop(DefaultSharedIndexInformer<T> informer, Clock clock) {
    this.informer = informer;
    this.clock = clock;
  }

  void start(String name) {
    thread = Thread.ofVirtual().name(name).start(this::run);
  }

  /** The handlers changed: look again at when the next resync is due. */
  void wake() {
    lock.lock();
    try {
      dirty = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void stop() {
    stopped = true;
    wake();
    if (thread != null) {
      thread.interrupt();
    }
  }

  private void run() {
    while (!stopped) {
      long now = clock.nanoTime();
      long next = Long.MAX_VALUE;
      List<ProcessorListener<T>> due = new ArrayList<>();
      for (ProcessorListener<T> l : informer.listeners()) {
        if (l.resyncNanos() <= 0) {
          continue;
        }
        if (now - l.nextResyncNanos() >= 0) {
          due.add(l);
        } else {
          next = Math.min(next, l.nextResyncNanos());
        }
      }
      if (!due.isEmpty()) {
        informer.resync(due);
        for (ProcessorListener<T> l : due) {
          l.scheduleResync(now);
          next = Math.min(next, l.nextResyncNanos());
        }
      }
      lock.lock();
      try {
        if (!dirty && !stopped) {
          if (next == Long.MAX_VALUE) {
            changed.await();
          } else {
            clock.awaitUntil(lock, changed, next);
          }
        }
        dirty = false;
      } catch (InterruptedException e) {
        if (stopped) {
          return;
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
