package io.kubeloop.informers;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an informer's cache equal to the server's state of one namespace (or of all): lists, then
 * watches from the list's resourceVersion, client-go's {@code Reflector.ListAndWatch}.
 *
 * <ul>
 *   <li>Lists ask for the most recent state (resourceVersion unset).
 *   <li>The first state comes from a paginated LIST ({@code limit}/{@code continue}, the next page
 *       requested while the current one is stored) or a streaming list ({@code
 *       sendInitialEvents=true}, up to the {@code k8s.io/initial-events-end} bookmark). A server
 *       that rejects streaming lists with a 4xx gets paginated lists from then on.
 *   <li>Objects present before a list and absent from it are deleted with {@code
 *       deletedFinalStateUnknown}; objects whose resourceVersion did not change are left alone.
 *   <li>Watches ask for bookmarks and end after a random time between the configured timeout and
 *       twice it. A watch the server ends is resumed from the last resourceVersion seen.
 *   <li>410 Expired (from a watch or a list) means the version is gone: relist at once, from the
 *       most recent state; a second 410 in a row waits for the backoff.
 *   <li>Any other error waits for an exponential backoff with jitter, then retries: the watch from
 *       the last version (a watch that lost permission keeps retrying and says so), or the list. A
 *       watch that ends at once without a single event also counts as an error, so a misbehaving
 *       server never makes the reflector spin.
 * </ul>
 *
 * <p>The reflector runs on its own virtual thread until {@link #stop()}; it never ends on its own.
 * Every error goes to the informer's {@link InformerErrorHandler} and shows in {@link #health()}.
 */
final class Reflector {

  private static final Logger LOG = LoggerFactory.getLogger(Reflector.class);

  /** A watch the client gives up on if the server has not ended it this long after its timeout. */
  static final Duration WATCH_GRACE = Duration.ofSeconds(30);

  /** A list page that has not arrived after this long is abandoned and retried. */
  static final Duration LIST_TIMEOUT = Duration.ofMinutes(2);

  /** A watch that ends sooner than this without any frame counts as a failure. */
  static final Duration MIN_WATCH_LIFETIME = Duration.ofSeconds(1);

  private final String namespace;
  private final String description;
  private final ListWatchClient client;
  private final ReflectorTarget target;
  private final InformerOptions options;
  private final Clock clock;
  private final RandomGenerator random;
  private final InformerErrorHandler errors;
  private final InformerMetrics metrics;
  private final Backoff backoff;
  private final Packing.Packer packer;
  private final FrameReader frames;
  private final ListPageReader pages;

  private final ReentrantLock sleepLock = new ReentrantLock();
  private final Condition wake = sleepLock.newCondition();

  private volatile boolean stopped;
  private volatile Thread thread;
  private volatile WatchConnection connection;

  private volatile InformerHealth.State state = InformerHealth.State.NEW;
  private volatile boolean synced;
  private volatile long lastHeardNanos;
  private volatile boolean heardOnce;
  private volatile int failures;
  private volatile InformerError lastError;
  private volatile String lastSyncResourceVersion = "";

  // reflector thread only
  private boolean streaming;
  // what the current attempt is doing: a streaming list turns into a watch at its end marker
  private InformerError.Phase phase = InformerError.Phase.LIST;
  private int expiredInARow;

  Reflector(
      String namespace,
      String description,
      ListWatchClient client,
      ReflectorTarget target,
      InformerOptions options,
      ObjectScanner scanner,
      Packing.Packer packer,
      Clock clock,
      RandomGenerator random,
      InformerErrorHandler errors,
      InformerMetrics metrics) {
    this.namespace = namespace;
    this.description = description;
    this.client = client;
    this.target = target;
    this.options = options;
    this.clock = clock;
    this.random = random;
    this.errors = errors;
    this.metrics = metrics;
    this.packer = packer;
    this.frames = new FrameReader(scanner);
    this.pages = new ListPageReader(scanner);
    this.backoff =
        new Backoff(
            options.initialBackoff(), options.maxBackoff(), Backoff.RESET_AFTER, clock, random);
    this.streaming = options.listMode() == ListMode.STREAMING;
  }

  void start() {
    thread = Thread.ofVirtual().name("reflector " + description).start(this::run);
  }

  /** Stops listing and watching; the cache keeps its contents. */
  void stop() {
    stopped = true;
    state = InformerHealth.State.STOPPED;
    sleepLock.lock();
    try {
      wake.signalAll();
    } finally {
      sleepLock.unlock();
    }
    WatchConnection c = connection;
    if (c != null) {
      c.close();
    }
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  /** Waits for the reflector thread to end after {@link #stop()}. */
  void join(Duration timeout) throws InterruptedException {
    Thread t = thread;
    if (t != null) {
      t.join(timeout);
    }
  }

  /** Closes the current watch connection, as a network failure would (for tests). */
  void dropWatch() {
    WatchConnection c = connection;
    if (c != null) {
      c.close();
    }
  }

  String namespace() {
    return namespace;
  }

  boolean synced() {
    return synced;
  }

  String lastSyncResourceVersion() {
    return lastSyncResourceVersion;
  }

  InformerHealth.State state() {
    return state;
  }

  int failures() {
    return failures;
  }

  Optional<InformerError> lastError() {
    return Optional.ofNullable(lastError);
  }

  /** Nanoseconds on the clock since the server was last heard from, or -1 if never. */
  long sinceLastHeardNanos() {
    return heardOnce ? clock.nanoTime() - lastHeardNanos : -1;
  }

  private void run() {
    boolean needList = true;
    while (!stopped) {
      try {
        needList = step(needList);
      } catch (InterruptedException e) {
        // stop() interrupts; the loop condition decides
      }
    }
    state = InformerHealth.State.STOPPED;
  }

  /** One list or watch attempt, and the wait after a failure; returns whether to list next. */
  private boolean step(boolean needList) throws InterruptedException {
    phase = needList ? InformerError.Phase.LIST : InformerError.Phase.WATCH;
    try {
      if (needList) {
        if (streaming) {
          streamingListAndWatch();
          return false;
        }
        list();
      }
      phase = InformerError.Phase.WATCH;
      watch();
      return false;
    } catch (StatusException e) {
      if (stopped) {
        return false;
      }
      if (e.expired()) {
        // the version is gone from the server's history: start over from a fresh list
        if (expiredInARow++ > 0) {
          fail(phase, e);
        } else {
          report(phase, e, Duration.ZERO);
        }
        return true;
      }
      if (streaming && phase == InformerError.Phase.LIST && rejectsStreaming(e)) {
        LOG.info(
            "{}: the server rejects streaming lists ({}); listing in pages",
            description,
            e.getMessage());
        streaming = false;
        return true;
      }
      fail(phase, e);
      return phase == InformerError.Phase.LIST;
    } catch (StreamingListBroken e) {
      LOG.warn("{}: {}; listing in pages from now on", description, e.getMessage());
      streaming = false;
      report(phase, e, Duration.ZERO);
      return true;
    } catch (IOException | RuntimeException e) {
      if (!stopped) {
        fail(phase, e);
      }
      return phase == InformerError.Phase.LIST;
    }
  }

  /** The server broke the streaming list protocol; its lists cannot be trusted. */
  static final class StreamingListBroken extends IOException {
    StreamingListBroken(String message) {
      super(message);
    }
  }

  /** A 4xx that says "no streaming lists here", not "not allowed" or "too old". */
  private static boolean rejectsStreaming(StatusException e) {
    int code = e.code();
    return code >= 400 && code < 500 && code != 401 && code != 403 && code != 429;
  }

  // ---- paginated list

  private void list() throws IOException, InterruptedException {
    state = InformerHealth.State.LISTING;
    boolean initial = !synced;
    // Most recent state, not client-go's "0" (any state the server's cache has): a cache that has
    // synced then holds at least everything written before start(), which tests and controllers
    // that create then start can rely on. Served from the watch cache either way.
    String rv = "";
    Set<ObjectKey> seen = new HashSet<>();
    String[] listVersion = {null};
    @SuppressWarnings("unchecked")
    CompletableFuture<byte[]>[] next = new CompletableFuture[1];
    next[0] = requestPage(rv, "");
    try {
      while (next[0] != null) {
        byte[] body = await(next[0]);
        next[0] = null;
        pages.read(
            body,
            new ListPageReader.PageHandler() {
              @Override
              public void head(String resourceVersion, String continueToken) {
                listVersion[0] = resourceVersion;
                if (!continueToken.isEmpty() && !stopped) {
                  next[0] = requestPage("", continueToken);
                }
              }

              @Override
              public void item(ObjectScanner item) throws IOException {
                applyListed(item, seen, initial);
              }
            });
      }
    } finally {
      if (next[0] != null) {
        next[0].cancel(true);
      }
    }
    finishList(listVersion[0], seen);
  }

  private CompletableFuture<byte[]> requestPage(String rv, String continueToken) {
    metrics.listed();
    return client.list(
        namespace,
        ListQuery.list(
            options.labelSelector(),
            options.fieldSelector(),
            rv,
            options.pageSize(),
            continueToken));
  }

  private byte[] await(CompletableFuture<byte[]> future) throws IOException, InterruptedException {
    try {
      // the HTTP client's request timeout normally ends a stuck request first; this is the net
      return future.get(LIST_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      future.cancel(true);
      throw new IOException("no answer to a list request in " + LIST_TIMEOUT.toSeconds() + " s");
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause();
      while ((cause instanceof CompletionException || cause instanceof ExecutionException)
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause);
    } catch (CancellationException e) {
      throw new IOException("list request cancelled", e);
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    }
  }

  private void applyListed(ObjectScanner item, Set<ObjectKey> seen, boolean initial)
      throws IOException {
    ObjectKey key = keyOf(item);
    seen.add(key);
    Entry current = target.current(key);
    if (current != null && current.hasResourceVersion(item.resourceVersion)) {
      return;
    }
    target.upsert(target.entry(item, packer), initial);
  }

  /** After a complete list: delete what it did not contain, record its version. */
  private void finishList(String listVersion, Set<ObjectKey> seen) {
    for (ObjectKey key : target.keys(namespace)) {
      if (!seen.contains(key)) {
        Entry last = target.current(key);
        if (last != null) {
          target.delete(key, last, true);
        }
      }
    }
    if (synced) {
      metrics.relisted();
    }
    lastSyncResourceVersion = listVersion == null ? "" : listVersion;
    expiredInARow = 0;
    failures = 0;
    heard();
    if (!synced) {
      synced = true;
      target.synced(this);
    }
  }

  // ---- streaming list

  private void streamingListAndWatch() throws IOException, InterruptedException {
    state = InformerHealth.State.LISTING;
    boolean initial = !synced;
    Set<ObjectKey> seen = new HashSet<>();
    boolean[] listed = {false};
    long timeout = watchTimeoutSeconds();
    WatchConnection c =
        client.watch(
            namespace,
            ListQuery.streamingList(options.labelSelector(), options.fieldSelector(), "", timeout));
    metrics.listed();
    metrics.watched();
    runWatch(
        c,
        timeout,
        (type, object) -> {
          if (listed[0]) {
            onWatchFrame(type, object);
            return;
          }
          heard();
          switch (type) {
            case ADDED -> applyListed(object, seen, initial);
            case BOOKMARK -> {
              if (!object.initialEventsEnd) {
                // the end marker comes before any other bookmark: it was lost, and maybe more
                throw new StreamingListBroken(
                    "a bookmark arrived before the initial-events-end bookmark");
              }
              listed[0] = true;
              phase = InformerError.Phase.WATCH;
              state = InformerHealth.State.WATCHING;
              finishList(object.resourceVersion, seen);
            }
            default -> onWatchFrame(type, object);
          }
        });
    if (!listed[0]) {
      throw new IOException("the streaming list ended before its initial-events-end bookmark");
    }
  }

  // ---- watch

  private void watch() throws IOException, InterruptedException {
    long timeout = watchTimeoutSeconds();
    WatchConnection c =
        client.watch(
            namespace,
            ListQuery.watch(
                options.labelSelector(),
                options.fieldSelector(),
                lastSyncResourceVersion,
                timeout));
    metrics.watched();
    state = InformerHealth.State.WATCHING;
    runWatch(c, timeout, this::onWatchFrame);
  }

  private void runWatch(WatchConnection c, long timeoutSeconds, FrameReader.FrameHandler handler)
      throws IOException, InterruptedException {
    connection = c;
    try {
      if (stopped) {
        return;
      }
      long started = clock.nanoTime();
      long deadline = started + Duration.ofSeconds(timeoutSeconds).plus(WATCH_GRACE).toNanos();
      long count = frames.readAll(c, deadline, handler);
      if (count == 0 && clock.nanoTime() - started < MIN_WATCH_LIFETIME.toNanos() && !stopped) {
        throw new IOException("the watch ended at once without any event");
      }
    } finally {
      connection = null;
      c.close();
    }
  }

  private void onWatchFrame(FrameReader.Type type, ObjectScanner object) throws IOException {
    heard();
    failures = 0;
    switch (type) {
      case ADDED, MODIFIED -> target.upsert(target.entry(object, packer), false);
      case DELETED -> target.delete(keyOf(object), target.entry(object, packer), false);
      case BOOKMARK -> {}
      case ERROR -> throw new IllegalStateException("ERROR frames are thrown by the reader");
    }
    if (object.resourceVersion != null && !object.resourceVersion.isEmpty()) {
      lastSyncResourceVersion = object.resourceVersion;
    }
  }

  private long watchTimeoutSeconds() {
    long base = Math.max(1, options.watchTimeout().toSeconds());
    return base + random.nextLong(base);
  }

  private static ObjectKey keyOf(ObjectScanner object) throws IOException {
    if (object.name == null || object.name.isEmpty()) {
      throw new IOException("object without metadata.name");
    }
    return new ObjectKey(object.namespace, object.name);
  }

  private void heard() {
    lastHeardNanos = clock.nanoTime();
    heardOnce = true;
  }

  // ---- errors

  private void fail(InformerError.Phase phase, Throwable e) throws InterruptedException {
    failures++;
    metrics.failed(phase);
    Duration delay = backoff.next();
    report(phase, e, delay);
    state = InformerHealth.State.BACKING_OFF;
    sleep(delay);
  }

  private void report(InformerError.Phase phase, Throwable e, Duration retryIn) {
    int code = e instanceof StatusException s ? s.code() : 0;
    String reason = e instanceof StatusException s ? s.reason() : "";
    InformerError error = new InformerError(description, phase, code, reason, e, retryIn);
    lastError = error;
    try {
      errors.onError(error);
    } catch (RuntimeException handlerFailure) {
      LOG.warn("{}: the error handler threw", description, handlerFailure);
    }
  }

  private void sleep(Duration delay) throws InterruptedException {
    long deadline = clock.nanoTime() + delay.toNanos();
    sleepLock.lock();
    try {
      while (!stopped && clock.nanoTime() - deadline < 0) {
        clock.awaitUntil(sleepLock, wake, deadline);
      }
    } finally {
      sleepLock.unlock();
    }
  }
}
