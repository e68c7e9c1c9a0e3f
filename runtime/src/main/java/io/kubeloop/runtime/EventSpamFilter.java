package io.kubeloop.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;

/**
 * Limits how many events a source may send about one object, after client-go's {@code
 * EventSourceObjectSpamFilter}: a token bucket per {@link EventKeys#spam spam key} that holds
 * {@code burst} tokens and gains one every {@code refillEvery} (client-go: 25, and one every 5
 * minutes). An event that finds the bucket empty is dropped.
 *
 * <p>The buckets live in a bounded Caffeine cache. An entry expires once it has not been used for
 * {@code burst * refillEvery}: by then its bucket would have refilled completely, so a missing
 * entry and a full bucket mean the same thing.
 *
 * <p>Thread-safe: each bucket is changed inside the cache's atomic compute.
 */
final class EventSpamFilter {

  private final int burst;
  private final long refillNanos;
  private final Ticker ticker;
  private final Cache<String, Bucket> buckets;

  /** Tokens as of {@code at} (a ticker reading). Only touched inside the cache's compute. */
  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  EventSpamFilter(int cacheSize, int burst, Duration refillEvery, Ticker ticker) {
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1: " + burst);
    }
    if (refillEvery.isNegative() || refillEvery.isZero()) {
      throw new IllegalArgumentException("refillEvery must be positive: " + refillEvery);
    }
    this.burst = burst;
    this.refillNanos = refillEvery.toNanos();
    this.ticker = ticker;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(cacheSize)
            .expireAfterAccess(refillEvery.multipliedBy(burst))
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
  }

  /** Takes a token for the event's source and object; false (drop it) when there is none. */
  boolean allow(Event event) {
    long now = ticker.read();
    boolean[] allowed = new boolean[1];
    buckets
        .asMap()
        .compute(
            EventKeys.spam(event),
            (key, bucket) -> {
              Bucket b = bucket == null ? new Bucket(burst, now) : bucket;
              long elapsed = now - b.at;
              if (elapsed > 0) {
                b.tokens = Math.min(burst, b.tokens + (double) elapsed / refillNanos);
                b.at = now;
              }
              if (b.tokens >= 1) {
                b.tokens -= 1;
                allowed[0] = true;
              }
              return b;
            });
    return allowed[0];
  }
}
