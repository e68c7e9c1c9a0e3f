package io.kubeloop.runtime;

import io.kubeloop.workqueue.RateLimitingQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A queue that only records the calls made on it, for checking the outcome mapping. */
final class RecordingQueue implements RateLimitingQueue<Request> {

  final List<String> calls = new ArrayList<>();

  @Override
  public void addRateLimited(Request item) {
    calls.add("addRateLimited " + item);
  }

  @Override
  public void forget(Request item) {
    calls.add("forget " + item);
  }

  @Override
  public int numRequeues(Request item) {
    return 0;
  }

  @Override
  public void addAfter(Request item, Duration delay) {
    calls.add("addAfter " + item + " " + delay);
  }

  @Override
  public void add(Request item) {
    calls.add("add " + item);
  }

  @Override
  public Optional<Request> get() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void done(Request item) {
    calls.add("done " + item);
  }

  @Override
  public int len() {
    return 0;
  }

  @Override
  public void shutDown() {}

  @Override
  public void shutDownWithDrain() {}

  @Override
  public boolean isShuttingDown() {
    return false;
  }
}
