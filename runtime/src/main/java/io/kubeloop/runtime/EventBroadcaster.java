package io.kubeloop.runtime;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the events of its {@link EventRecorder}s to the API server as core/v1 Events, like
 * client-go's {@code record.EventBroadcaster} recording to the API server sink. One broadcaster per
 * process (or manager) is enough; each controller gets a recorder named after it with {@link
 * #recorder(String)}.
 *
 * <p>Recorders only build the Event and put it in a bounded queue ({@value #DEFAULT_QUEUE} by
 * default, as in client-go); when the queue is full the event is dropped and logged. One virtual
 * thread takes events from the queue, decides with the correlator whether to create a new Event,
 * patch the count of an existing one, combine similar ones or drop spam (see the builder's
 * settings, all client-go's defaults), and writes it, retrying transient failures.
 *
 * <p>Time comes from a {@link Clock} (the system UTC clock by default): it sets the Events'
 * timestamps and drives the aggregation and spam-filter windows, so tests can step a fake clock
 * instead of sleeping. Retry delays are real time.
 *
 * <p>Thread-safe. {@link #close()} stops accepting events, gives the queued ones one attempt each
 * for up to the close timeout, and stops the thread.
 *
 * <pre>{@code
 * EventBroadcaster events = EventBroadcaster.create(client);
 * EventRecorder recorder = events.recorder("cnat-controller");
 * recorder.normal(at, "Running", "started pod %s", pod.getMetadata().getName());
 * ...
 * events.close();
 * }</pre>
 */
public final class EventBroadcaster implements AutoCloseable {

  /** Events waiting to be sent before new ones are dropped: client-go's {@code maxQueuedEvents}. */
  public static final int DEFAULT_QUEUE = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final EventQueue<Event> queue;
  private final EventCorrelator correlator;
  private final EventSender sender;
  private final EventNames names;
  private final Clock clock;
  private final String host;
  private final Duration closeTimeout;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread thread;

  private EventBroadcaster(Builder b, EventSink sink) {
    this.clock = b.clock;
    this.host = b.host != null ? b.host : localHost();
    this.closeTimeout = b.closeTimeout;
    this.names = new EventNames(clock);
    this.queue = new EventQueue<>(b.queueCapacity);
    this.correlator =
        new EventCorrelator(
            new EventCorrelator.Settings(
                b.cacheSize,
                b.maxSimilar,
                b.similarWindow,
                b.dedupWindow,
                b.spamBurst,
                b.spamRefill),
            clock,
            names);
    this.sender = new EventSender(sink, correlator, queue, b.maxAttempts, b.retryDelay, b.random);
    this.thread = Thread.ofVirtual().name("kubeloop-events").start(this::run);
  }

  /** A broadcaster with the default settings, writing with {@code client}. */
  public static EventBroadcaster create(KubernetesClient client) {
    return builder(client).build();
  }

  /** A builder for a broadcaster writing with {@code client}. */
  public static Builder builder(KubernetesClient client) {
    return new Builder(requireNonNull(client, "client"));
  }

  /**
   * A recorder whose events name {@code component} as their source and reporting controller, and
   * this broadcaster's host as source host and reporting instance.
   *
   * @param component the controller's name, e.g. {@code replicaset-controller}
   * @throws IllegalArgumentException if the component is blank
   */
  public EventRecorder recorder(String component) {
    requireNonNull(component, "component");
    if (component.isBlank()) {
      throw new IllegalArgumentException("the component must not be blank");
    }
    return new EventSourceRecorder(this, component, host, clock, names);
  }

  /** Events dropped so far because the queue was full or the broadcaster closed. */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Stops accepting events and sends the queued ones, one attempt each, waiting for that at most
   * the close timeout; then stops the sending thread. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    queue.close();
    try {
      if (!thread.join(closeTimeout)) {
        thread.interrupt();
        thread.join(Duration.ofSeconds(1));
        LOG.warn("Closed the event recorder with {} events still queued", queue.size());
      }
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
    }
  }

  /** Queues an event for sending; never blocks. */
  void submit(Event event) {
    if (!queue.offer(event)) {
      long n = dropped.incrementAndGet();
      if (Long.bitCount(n) == 1) { // 1, 2, 4, 8...: the log stays readable under overload
        LOG.warn(
            "Dropped event {}: {} (the event queue is full or closed; {} dropped so far)",
            EventSender.describe(event),
            queue.isClosed() ? "closed" : "full",
            n);
      }
    }
  }

  private void run() {
    try {
      for (Event event = queue.take(); event != null; event = queue.take()) {
        try {
          Optional<EventCorrelation> c = correlator.correlate(event);
          if (c.isPresent()) {
            sender.send(c.get());
          } else {
            LOG.debug("Spam filter dropped event {}", EventSender.describe(event));
          }
        } catch (RuntimeException e) {
          LOG.error("Could not send event {}", EventSender.describe(event), e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String localHost() {
    String env = System.getenv("HOSTNAME"); // a pod's name in Kubernetes
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "";
    }
  }

  /**
   * Settings of an {@link EventBroadcaster}. The aggregation, spam-filter and queue defaults are
   * client-go's; retries are fewer and shorter (client-go: 12 attempts 10 seconds apart) so that a
   * lost API server holds up the queue for about 20 seconds rather than 2 minutes. Not thread-safe.
   */
  public static final class Builder {

    private final KubernetesClient client;
    private Clock clock = Clock.systemUTC();
    private String host;
    private int queueCapacity = DEFAULT_QUEUE;
    private int maxAttempts = 5;
    private Duration retryDelay = Duration.ofSeconds(5);
    private Duration closeTimeout = Duration.ofSeconds(5);
    private int cacheSize = EventCorrelator.Settings.defaults().cacheSize();
    private int maxSimilar = EventCorrelator.Settings.defaults().maxSimilar();
    private Duration similarWindow = EventCorrelator.Settings.defaults().similarWindow();
    private Duration dedupWindow = EventCorrelator.Settings.defaults().dedupWindow();
    private int spamBurst = EventCorrelator.Settings.defaults().spamBurst();
    private Duration spamRefill = EventCorrelator.Settings.defaults().spamRefill();
    private EventSink sink;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

    private Builder(KubernetesClient client) {
      this.client = client;
    }

    /**
     * The clock for timestamps and for the aggregation and spam windows (default: {@link
     * Clock#systemUTC()}). Tests pass a clock they can step.
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The host named as the events' source host and reporting instance (default: the {@code
     * HOSTNAME} environment variable, a pod's name, else the local host name).
     */
    public Builder host(String host) {
      this.host = requireNonNull(host, "host");
      return this;
    }

    /** How many events may wait to be sent before new ones are dropped (default 1000). */
    public Builder queueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
      }
      this.queueCapacity = capacity;
      return this;
    }

    /**
     * How often to try writing an event that fails with a transport error, 429 or 5xx, and how long
     * to wait between attempts; the first wait is a random part of it (default: 5 attempts, 5
     * seconds apart).
     */
    public Builder retries(int maxAttempts, Duration delay) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
      }
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative: " + delay);
      }
      this.maxAttempts = maxAttempts;
      this.retryDelay = delay;
      return this;
    }

    /** How long {@link EventBroadcaster#close()} waits for queued events (default 5 seconds). */
    public Builder closeTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("timeout must not be negative: " + timeout);
      }
      this.closeTimeout = timeout;
      return this;
    }

    /**
     * Combine similar events (same object, type and reason, different messages) once {@code
     * maxSimilar} distinct messages came with no gap longer than {@code window} (default: 10 within
     * 10 minutes).
     */
    public Builder combineSimilar(int maxSimilar, Duration window) {
      this.maxSimilar = maxSimilar;
      this.similarWindow = requireNonNull(window, "window");
      validate();
      return this;
    }

    /**
     * Count a repeat of an identical event on the existing Event when it comes within {@code
     * window} of the previous one (default: 1 hour, kube-apiserver's default event TTL; later
     * repeats make a new Event).
     */
    public Builder countRepeatsWithin(Duration window) {
      this.dedupWindow = requireNonNull(window, "window");
      validate();
      return this;
    }

    /**
     * Let a component send at most {@code burst} events about one object, then one more every
     * {@code refillEvery} (default: 25, then one every 5 minutes).
     */
    public Builder spamFilter(int burst, Duration refillEvery) {
      if (burst < 1) {
        throw new IllegalArgumentException("burst must be at least 1: " + burst);
      }
      this.spamBurst = burst;
      this.spamRefill = requireNonNull(refillEvery, "refillEvery");
      validate();
      return this;
    }

    /** Send every event, however many there are about one object. */
    public Builder noSpamFilter() {
      this.spamBurst = 0;
      return this;
    }

    /** Entries in each aggregation cache (default 4096). */
    public Builder cacheSize(int entries) {
      this.cacheSize = entries;
      validate();
      return this;
    }

    /** Writes to {@code sink} instead of the API server (tests). */
    Builder sink(EventSink sink) {
      this.sink = requireNonNull(sink, "sink");
      return this;
    }

    /** The source of the first retry delay's random fraction (tests). */
    Builder random(DoubleSupplier random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /** Starts the broadcaster's sending thread and returns it. */
    public EventBroadcaster build() {
      return new EventBroadcaster(this, sink != null ? sink : new EventApiSink(client));
    }

    private void validate() {
      new EventCorrelator.Settings(
          cacheSize, maxSimilar, similarWindow, dedupWindow, spamBurst, spamRefill);
    }
  }
}
