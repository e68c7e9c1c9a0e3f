package io.kubeloop.informers;

import com.github.benmanes.caffeine.cache.Interner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * The shared index informer: reflectors (one per watched namespace) fill one {@link CompactStore};
 * each change is stored and then handed to every handler's queue, in one step under the
 * distribution lock, so every handler sees the same order and a handler added late gets the cache
 * contents and then the live changes with nothing lost or repeated.
 *
 * <p>Like Fabric8's informers and unlike client-go's, there is no DeltaFIFO: the reflector updates
 * the store and distributes the change directly; handler queues decouple handlers from it.
 *
 * <p>Thread-safe.
 *
 * @param <T> the object type
 */
final class DefaultSharedIndexInformer<T extends HasMetadata>
    implements SharedIndexInformer<T>, ReflectorTarget {

  private final String description;
  private final ListWatchClient client;
  private final InformerOptions options;
  private final ObjectScanner.Projection projection;
  private final Clock clock;
  private final RandomGenerator random;
  private final InformerErrorHandler errors;
  private final InformerMetrics metrics;
  private final CompactStore store = new CompactStore();
  private final ObjectDecoder<T> decoder;
  private final Packing packing;
  private final Interner<String> interner = Interner.newWeakInterner();
  private final CacheView<T> view;

  // Held while a change is stored and distributed, and while a handler is added.
  private final ReentrantLock distribution = new ReentrantLock();
  private final List<ProcessorListener<T>> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, IndexFunction<? super T>> indexers = new LinkedHashMap<>();
  private final CountDownLatch syncedLatch = new CountDownLatch(1);
  private final ResyncLoop<T> resync;
  private final ReentrantLock lifecycle = new ReentrantLock();

  private volatile UnaryOperator<T> transform;
  private volatile List<Reflector> reflectors = List.of();
  private volatile boolean started;
  private volatile boolean stopped;
  private volatile boolean synced;
  private int handlerCount;

  DefaultSharedIndexInformer(
      String description,
      ListWatchClient client,
      ObjectDecoder<T> decoder,
      InformerOptions options,
      ObjectScanner.Projection projection,
      Clock clock,
      RandomGenerator random,
      InformerErrorHandler errors,
      InformerMetrics metrics) {
    this.description = description;
    this.client = client;
    this.decoder = decoder;
    this.options = options;
    this.projection = projection;
    this.clock = clock;
    this.random = random;
    this.errors = errors;
    this.metrics = metrics;
    this.packing = new Packing(options.compact());
    this.view = new CacheView<>(store, decoder);
    this.resync = new ResyncLoop<>(this, clock);
  }

  // ---- configuration

  @Override
  public HandlerRegistration addEventHandler(ResourceEventHandler<? super T> handler) {
    return addEventHandler(handler, options.defaultResyncPeriod());
  }

  @Override
  public HandlerRegistration addEventHandler(
      ResourceEventHandler<? super T> handler, Duration resyncPeriod) {
    java.util.Objects.requireNonNull(handler, "handler");
    java.util.Objects.requireNonNull(resyncPeriod, "resyncPeriod");
    if (resyncPeriod.isNegative()) {
      throw new IllegalArgumentException("resyncPeriod must not be negative: " + resyncPeriod);
    }
    ProcessorListener<T> listener =
        new ProcessorListener<>(
            handler,
            decoder,
            resyncPeriod,
            t ->
                report(
                    new InformerError(
                        description, InformerError.Phase.HANDLER, 0, "", t, Duration.ZERO)),
            this::removeListener);
    distribution.lock();
    try {
      if (stopped) {
        throw new IllegalStateException(description + ": the informer is stopped");
      }
      if (started) {
        for (Entry e : store.list()) {
          listener.enqueue(new Notification.Added(e, true));
        }
        if (synced) {
          listener.enqueue(Notification.SYNCED);
        }
      }
      listener.scheduleResync(clock.nanoTime());
      listeners.add(listener);
      handlerCount++;
      listener.start("informer handler " + handlerCount + " " + description);
    } finally {
      distribution.unlock();
    }
    resync.wake();
    return listener;
  }

  private void removeListener(ProcessorListener<T> listener) {
    listeners.remove(listener);
    resync.wake();
  }

  @Override
  public void addIndexers(Map<String, IndexFunction<? super T>> more) {
    lifecycle.lock();
    try {
      requireNotStarted("addIndexers");
      for (String name : more.keySet()) {
        if (name.equals(Indexer.NAMESPACE_INDEX) || indexers.containsKey(name)) {
          throw new IllegalArgumentException("index " + name + " already exists");
        }
      }
      store.defineIndexes(more.keySet());
      indexers.putAll(more);
    } finally {
      lifecycle.unlock();
    }
  }

  @Override
  public void setTransform(UnaryOperator<T> transform) {
    lifecycle.lock();
    try {
      requireNotStarted("setTransform");
      this.transform = transform;
    } finally {
      lifecycle.unlock();
    }
  }

  private void requireNotStarted(String what) {
    if (started) {
      throw new IllegalStateException(what + " must be called before start: " + description);
    }
  }

  // ---- lifecycle

  @Override
  public SharedIndexInformer<T> start() {
    lifecycle.lock();
    try {
      if (started) {
        return this;
      }
      if (stopped) {
        throw new IllegalStateException(description + ": a stopped informer cannot restart");
      }
      List<String> scopes =
          options.namespaces().isEmpty()
              ? java.util.Collections.singletonList(null)
              : new ArrayList<>(options.namespaces());
      List<Reflector> created = new ArrayList<>();
      for (String ns : scopes) {
        ObjectScanner scanner = new ObjectScanner(projection, interner);
        String name = ns == null ? description : description + " [" + ns + "]";
        created.add(
            new Reflector(
                ns,
                name,
                client,
                this,
                options,
                scanner,
                packing.newPacker(),
                clock,
                random,
                errors,
                metrics));
      }
      reflectors = List.copyOf(created);
      metrics.gauges(store::size, this::lastSyncAgeSeconds);
      distribution.lock();
      try {
        started = true;
      } finally {
        distribution.unlock();
      }
      created.forEach(Reflector::start);
      resync.start("informer resync " + description);
      return this;
    } finally {
      lifecycle.unlock();
    }
  }

  @Override
  public void stop() {
    lifecycle.lock();
    try {
      if (stopped) {
        return;
      }
      stopped = true;
      reflectors.forEach(Reflector::stop);
      resync.stop();
      listeners.forEach(ProcessorListener::shutdown);
      metrics.close();
    } finally {
      lifecycle.unlock();
    }
  }

  /** Waits for the reflector threads to end (after {@link #stop()}); for tests and shutdown. */
  void awaitStopped(Duration timeout) throws InterruptedException {
    for (Reflector r : reflectors) {
      r.join(timeout);
    }
  }

  @Override
  public boolean isRunning() {
    return started && !stopped;
  }

  @Override
  public boolean hasSynced() {
    return synced;
  }

  @Override
  public boolean waitForSync(Duration timeout) throws InterruptedException {
    return syncedLatch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public String lastSyncResourceVersion() {
    List<Reflector> rs = reflectors;
    return rs.isEmpty() ? "" : rs.get(0).lastSyncResourceVersion();
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public Indexer<T> indexer() {
    return view;
  }

  @Override
  public Lister<T> lister() {
    return view;
  }

  @Override
  public InformerHealth health() {
    List<Reflector> rs = reflectors;
    if (rs.isEmpty()) {
      return new InformerHealth(
          stopped ? InformerHealth.State.STOPPED : InformerHealth.State.NEW,
          false,
          store.size(),
          Optional.empty(),
          0,
          Optional.empty());
    }
    InformerHealth.State worst = InformerHealth.State.WATCHING;
    long oldest = -1;
    boolean heardAll = true;
    int failures = 0;
    InformerError lastError = null;
    for (Reflector r : rs) {
      if (r.state().ordinal() > worst.ordinal()) {
        worst = r.state();
      }
      long since = r.sinceLastHeardNanos();
      heardAll &= since >= 0;
      oldest = Math.max(oldest, since);
      failures += r.failures();
      if (r.lastError().isPresent() && (lastError == null || r.failures() > 0)) {
        lastError = r.lastError().get();
      }
    }
    if (stopped) {
      worst = InformerHealth.State.STOPPED;
    }
    return new InformerHealth(
        worst,
        synced,
        store.size(),
        heardAll ? Optional.of(Duration.ofNanos(oldest)) : Optional.empty(),
        failures,
        Optional.ofNullable(lastError));
  }

  private double lastSyncAgeSeconds() {
    return health().sinceLastSync().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  // ---- what the reflectors call

  @Override
  public Entry entry(ObjectScanner scanned, Packing.Packer packer) throws IOException {
    byte[] buf = scanned.storedBuffer();
    int off = scanned.storedOffset();
    int len = scanned.storedLength();
    String namespace = scanned.namespace;
    String name = scanned.name;
    String resourceVersion = scanned.resourceVersion;
    String[] labels = scanned.labels;
    T decoded = null;
    try {
      UnaryOperator<T> t = transform;
      if (t != null) {
        decoded = t.apply(decoder.decodeBytes(buf, off, len));
        buf = decoder.encode(decoded);
        off = 0;
        len = buf.length;
        namespace = interner.intern(nullToEmpty(decoded.getMetadata().getNamespace()));
        name = decoded.getMetadata().getName();
        resourceVersion = decoded.getMetadata().getResourceVersion();
        labels = labelPairs(decoded.getMetadata().getLabels());
      }
      List<String>[] indexValues = null;
      if (!indexers.isEmpty()) {
        if (decoded == null) {
          decoded = decoder.decodeBytes(buf, off, len);
        }
        indexValues = indexValues(decoded);
      }
      if (name == null || name.isEmpty()) {
        throw new IOException("object without metadata.name");
      }
      packer.pack(buf, off, len);
      Entry entry =
          new Entry(
              new ObjectKey(namespace, name),
              resourceVersion,
              labels,
              packer.payload(),
              packer.codec(),
              indexValues);
      if (decoded != null) {
        decoder.prime(entry, decoded);
      }
      return entry;
    } catch (RuntimeException e) {
      throw new IOException("cannot read " + description + " object " + name + ": " + e, e);
    }
  }

  @SuppressWarnings("unchecked")
  private List<String>[] indexValues(T obj) {
    List<String>[] values = new List[indexers.size()];
    int i = 0;
    for (IndexFunction<? super T> f : indexers.values()) {
      List<String> v = f.values(obj);
      values[i++] = v == null ? List.of() : List.copyOf(v);
    }
    return values;
  }

  private String[] labelPairs(Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return new String[0];
    }
    String[] pairs = new String[labels.size() * 2];
    int i = 0;
    for (Map.Entry<String, String> e : labels.entrySet()) {
      pairs[i++] = interner.intern(e.getKey());
      pairs[i++] = interner.intern(nullToEmpty(e.getValue()));
    }
    return pairs;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  @Override
  public Entry current(ObjectKey key) {
    return store.get(key);
  }

  @Override
  public void upsert(Entry entry, boolean initialList) {
    distribution.lock();
    try {
      Entry previous = store.put(entry);
      Notification n =
          previous == null
              ? new Notification.Added(entry, initialList)
              : new Notification.Updated(previous, entry);
      for (ProcessorListener<T> l : listeners) {
        l.enqueue(n);
      }
    } finally {
      distribution.unlock();
    }
  }

  @Override
  public void delete(ObjectKey key, Entry finalState, boolean finalStateUnknown) {
    distribution.lock();
    try {
      Entry previous = store.remove(key);
      if (previous == null) {
        return;
      }
      Notification n = new Notification.Deleted(finalState, finalStateUnknown);
      for (ProcessorListener<T> l : listeners) {
        l.enqueue(n);
      }
    } finally {
      distribution.unlock();
    }
  }

  @Override
  public List<ObjectKey> keys(String namespace) {
    return store.keys(namespace);
  }

  @Override
  public void synced(Reflector reflector) {
    for (Reflector r : reflectors) {
      if (!r.synced()) {
        return;
      }
    }
    distribution.lock();
    try {
      if (synced) {
        return;
      }
      synced = true;
      for (ProcessorListener<T> l : listeners) {
        l.enqueue(Notification.SYNCED);
      }
    } finally {
      distribution.unlock();
    }
    syncedLatch.countDown();
  }

  // ---- for the resync loop

  List<ProcessorListener<T>> listeners() {
    return listeners;
  }

  /** Queues {@code onUpdate(obj, obj)} of every cached object for {@code due}. */
  void resync(List<ProcessorListener<T>> due) {
    if (!synced || stopped) {
      return;
    }
    distribution.lock();
    try {
      for (Entry e : store.list()) {
        Notification n = new Notification.Updated(e, e);
        for (ProcessorListener<T> l : due) {
          l.enqueue(n);
        }
      }
    } finally {
      distribution.unlock();
    }
  }

  private void report(InformerError error) {
    try {
      errors.onError(error);
    } catch (RuntimeException ignored) {
      // an error handler must not break delivery
    }
  }

  // ---- for tests

  List<Reflector> reflectors() {
    return reflectors;
  }

  CompactStore store() {
    return store;
  }

  Packing packing() {
    return packing;
  }
}
