package io.kubeloop.informers;

import java.time.Duration;
import java.util.Optional;

/**
 * What an informer is doing, for health checks and dashboards. An informer never stops by itself:
 * on errors it retries with backoff, and says so here.
 *
 * @param state the worst state among the informer's reflectors (one per watched namespace)
 * @param synced whether the initial list of every reflector has reached the cache
 * @param storeSize objects in the cache
 * @param sinceLastSync time since the cache last heard from the server (list, event or bookmark);
 *     empty before the first list
 * @param consecutiveFailures failed list or watch attempts since the last success
 * @param lastError the latest error, if any
 */
public record InformerHealth(
    State state,
    boolean synced,
    int storeSize,
    Optional<Duration> sinceLastSync,
    int consecutiveFailures,
    Optional<InformerError> lastError) {

  /** Reflector states, from best to worst. */
  public enum State {
    /** Following changes over a watch. */
    WATCHING,
    /** Listing (first list or relist). */
    LISTING,
    /** Not started yet. */
    NEW,
    /** Waiting before the next attempt after an error. */
    BACKING_OFF,
    /** Stopped by {@link SharedIndexInformer#stop()}. */
    STOPPED
  }

  /** Whether the informer is synced and currently watching. */
  public boolean healthy() {
    return synced && state == State.WATCHING;
  }
}
