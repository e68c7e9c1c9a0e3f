package io.kubeloop.apiserver.watchcache;

import java.util.ArrayList;
import java.util.List;

/**
 * A sink that takes a set number of events before it reports being full, and resumes the watcher
 * when the test allows more. Not thread-safe: the tests run the cache's pumps on their own thread.
 */
final class SlowSink implements WatchSink {

  final List<CacheEvent> events = new ArrayList<>();
  int pauses;
  Boolean closedExpired;
  private int budget;
  private Runnable resume;

  SlowSink(int budget) {
    this.budget = budget;
  }

  @Override
  public boolean accept(CacheEvent event) {
    events.add(event);
    return events.size() < budget;
  }

  @Override
  public void whenWritable(Runnable resume) {
    pauses++;
    this.resume = resume;
  }

  @Override
  public void closed(boolean expired) {
    closedExpired = expired;
  }

  boolean paused() {
    return resume != null;
  }

  /** Lets {@code more} events through and resumes the watcher if it was paused. */
  void allow(int more) {
    budget = events.size() + more;
    Runnable r = resume;
    resume = null;
    if (r != null) {
      r.run();
    }
  }

  List<String> summary() {
    List<String> out = new ArrayList<>();
    for (CacheEvent e : events) {
      out.add(e.type() + (e.object() == null ? "@" + e.revision() : " " + e.object().key()));
    }
    return out;
  }
}
