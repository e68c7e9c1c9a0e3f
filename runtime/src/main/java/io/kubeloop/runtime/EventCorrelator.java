package io.kubeloop.runtime;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decides what to send for each recorded event, after client-go's {@code EventCorrelator}:
 *
 * <ol>
 *   <li><b>Combining similar events.</b> Events that differ only in their message are similar
 *       ({@link EventKeys#aggregate}). When the {@code maxSimilar}-th distinct message arrives
 *       within {@code similarWindow} of the previous similar event, the event is replaced by one
 *       whose message is {@value #COMBINED_PREFIX} followed by the new message; from then on such
 *       events update that combined Event instead of making new ones.
 *   <li><b>Counting identical events.</b> An event identical to one sent within {@code dedupWindow}
 *       ({@link EventKeys#event}, or the aggregate key for a combined event) is not created again:
 *       the existing Event is patched with an incremented {@code count}, the new {@code
 *       lastTimestamp} and the message.
 *   <li><b>Spam filter.</b> Finally {@link EventSpamFilter} may drop it. Counting happens first, so
 *       the next event that gets through reports the full count.
 * </ol>
 *
 * <p>Both caches are bounded ({@code cacheSize} entries, least recently used first) and expire
 * entries after their window, on the injected clock.
 *
 * <p>Thread-safe: {@link #correlate} and {@link #sent} take one lock; they do no I/O.
 */
final class EventCorrelator {

  static final String COMBINED_PREFIX = "(combined from similar events): ";

  /**
   * Correlation settings.
   *
   * @param cacheSize entries per cache (client-go: 4096)
   * @param maxSimilar distinct messages of similar events that make the next ones combined
   *     (client-go: 10)
   * @param similarWindow how long after the last similar event the count of distinct messages
   *     starts over (client-go: 10 minutes)
   * @param dedupWindow how long after the last identical event a repeat still updates the existing
   *     Event rather than creating a new one
   * @param spamBurst events per source and object before the spam filter drops them (client-go:
   *     25); 0 disables the filter
   * @param spamRefill how often the spam filter gives back one event (client-go: 5 minutes)
   */
  record Settings(
      int cacheSize,
      int maxSimilar,
      Duration similarWindow,
      Duration dedupWindow,
      int spamBurst,
      Duration spamRefill) {

    static Settings defaults() {
      return new Settings(
          4096, 10, Duration.ofMinutes(10), Duration.ofHours(1), 25, Duration.ofMinutes(5));
    }

    Settings {
      if (cacheSize < 1) {
        throw new IllegalArgumentException("cacheSize must be at least 1: " + cacheSize);
      }
      if (maxSimilar < 1) {
        throw new IllegalArgumentException("maxSimilar must be at least 1: " + maxSimilar);
      }
      positive("similarWindow", similarWindow);
      positive("dedupWindow", dedupWindow);
      if (spamBurst < 0) {
        throw new IllegalArgumentException("spamBurst must not be negative: " + spamBurst);
      }
      positive("spamRefill", spamRefill);
    }

    private static void positive(String name, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
    }
  }

  /** Distinct messages of similar events seen, and when the last one came. */
  private record Similar(Set<String> messages, Instant last) {}

  /** What was sent for an event key: the Event's name, how often, since when. */
  private record Sent(int count, String firstTimestamp, String name) {}

  private final Settings settings;
  private final Clock clock;
  private final EventNames names;
  private final EventSpamFilter spam;
  private final ReentrantLock lock = new ReentrantLock();

  /** Aggregate key to similar events. Guarded by {@link #lock}. */
  private final Cache<String, Similar> similar;

  /** Event key (or aggregate key, for combined events) to the Event sent. Guarded by lock. */
  private final Cache<String, Sent> sent;

  EventCorrelator(Settings settings, Clock clock, EventNames names) {
    this.settings = settings;
    this.clock = clock;
    this.names = names;
    Ticker ticker = ticker(clock);
    this.similar =
        Caffeine.newBuilder()
            .maximumSize(settings.cacheSize())
            .expireAfterWrite(settings.similarWindow())
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
    this.sent =
        Caffeine.newBuilder()
            .maximumSize(settings.cacheSize())
            .expireAfterWrite(settings.dedupWindow())
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
    this.spam =
        settings.spamBurst() == 0
            ? null
            : new EventSpamFilter(
                settings.cacheSize(), settings.spamBurst(), settings.spamRefill(), ticker);
  }

  /** A Caffeine ticker reading the clock, so that cache expiry follows an injected clock. */
  static Ticker ticker(Clock clock) {
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  /**
   * What to send for {@code event}, or empty when the spam filter drops it. {@code event} is a
   * freshly built Event with count 1 and both timestamps set; it is not modified.
   */
  Optional<EventCorrelation> correlate(Event event) {
    lock.lock();
    try {
      Instant now = clock.instant();
      Event toSend = new EventBuilder(event).build();
      String key = combine(toSend, now);
      String patch = null;
      Sent last = sent.getIfPresent(key);
      if (last != null) {
        toSend.getMetadata().setName(last.name());
        toSend.getMetadata().setResourceVersion(null);
        toSend.setFirstTimestamp(last.firstTimestamp());
        toSend.setCount(last.count() + 1);
        patch = patch(toSend);
      }
      sent.put(key, new Sent(count(toSend), toSend.getFirstTimestamp(), name(toSend)));
      if (spam != null && !spam.allow(toSend)) {
        return Optional.empty();
      }
      return Optional.of(new EventCorrelation(toSend, key, patch));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Remembers what the server stored for an event sent under {@code key} (its name, count and first
   * timestamp), so the next repeat patches that Event.
   */
  void sent(String key, Event stored) {
    if (stored == null || stored.getMetadata() == null) {
      return;
    }
    lock.lock();
    try {
      sent.put(key, new Sent(count(stored), stored.getFirstTimestamp(), name(stored)));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records {@code event} among its similar events and, past the threshold, turns it into the
   * combined event. Returns the key the event is counted under.
   */
  private String combine(Event event, Instant now) {
    String aggregateKey = EventKeys.aggregate(event);
    Similar record = similar.getIfPresent(aggregateKey);
    if (record == null
        || Duration.between(record.last(), now).compareTo(settings.similarWindow()) > 0) {
      record = new Similar(new HashSet<>(), now);
    }
    record.messages().add(event.getMessage() == null ? "" : event.getMessage());
    int distinct = record.messages().size();
    if (distinct >= settings.maxSimilar()) {
      // keep the set from growing: one message fewer lets a later one count as new again
      Iterator<String> any = record.messages().iterator();
      any.next();
      any.remove();
    }
    similar.put(aggregateKey, new Similar(record.messages(), now));
    if (distinct < settings.maxSimilar()) {
      return EventKeys.event(event);
    }
    String timestamp = event.getLastTimestamp();
    event.getMetadata().setName(names.next(event.getInvolvedObject().getName()));
    event.setMessage(COMBINED_PREFIX + event.getMessage());
    event.setCount(1);
    event.setFirstTimestamp(timestamp);
    event.setLastTimestamp(timestamp);
    return aggregateKey;
  }

  private static String patch(Event event) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.put("count", event.getCount());
    patch.put("lastTimestamp", event.getLastTimestamp());
    patch.put("message", event.getMessage());
    return patch.toString();
  }

  private static int count(Event e) {
    return e.getCount() == null ? 1 : e.getCount();
  }

  private static String name(Event e) {
    return e.getMetadata().getName();
  }
}
