package io.kubeloop.operators.node;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeloop.informers.InformerFactory;
import io.kubeloop.informers.InformerOptions;
import io.kubeloop.informers.ResourceEventHandler;
import io.kubeloop.informers.SharedIndexInformer;
import io.kubeloop.workqueue.RateLimiter;
import io.kubeloop.workqueue.RateLimitingQueue;
import io.kubeloop.workqueue.WorkQueue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one or more nodes share in one JVM: the client, one pod informer (with a field selector on
 * {@code spec.nodeName}), one work queue and its workers, one log server, one runtime. A {@link
 * NodeAgent} is a host with one node; a {@link NodeFleet} one with many, whose per-node cost is
 * then a heartbeat and a map of the pods it runs.
 *
 * <p>Life: constructed (the log server starts, so its port is known), {@link #addNode} for each
 * node, {@link #start}, {@link #close}. Thread-safe after start.
 */
final class AgentHost implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AgentHost.class);

  /** How a host is set up. */
  record Config(
      KubernetesClient client,
      AgentClock clock,
      ContainerRuntime runtime,
      Path logRoot,
      boolean ownsLogRoot,
      InetSocketAddress logAddress,
      TlsMaterial.Identity serving,
      List<X509Certificate> clientCas,
      String podFieldSelector,
      int workers,
      Duration leaseDuration,
      Duration statusReportInterval) {}

  /** One node's parts. */
  record NodeUnit(NodeIdentity identity, NodeHeartbeat heartbeat, PodSyncer pods) {}

  private final Config config;
  private final ApiPods api;
  private final LogServer logServer;
  private final RateLimitingQueue<Work> queue;
  private final Map<String, NodeUnit> nodes = new ConcurrentHashMap<>();
  private final List<Thread> workers = new ArrayList<>();
  private InformerFactory informers;
  private volatile SharedIndexInformer<Pod> pods;
  private volatile boolean started;

  AgentHost(Config config) {
    this.config = config;
    this.api = new ApiPods(config.client());
    this.queue =
        WorkQueue.<Work>builder()
            .name("node-agent")
            .clock(config.clock())
            .rateLimiter(
                RateLimiter.exponentialFailure(Duration.ofMillis(200), Duration.ofSeconds(30)))
            .buildRateLimiting();
    try {
      this.logServer =
          new LogServer(
              config.logAddress(),
              TlsMaterial.serverContext(config.serving(), config.clientCas()),
              !config.clientCas().isEmpty(),
              new Logs(),
              config.clock());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the log server on " + config.logAddress(), e);
    }
  }

  /** The log server's port. */
  int logPort() {
    return logServer.port();
  }

  /** Adds a node; before {@link #start} only. */
  NodeUnit addNode(NodeIdentity identity) {
    if (started) {
      throw new IllegalStateException("nodes are added before start");
    }
    String name = identity.name();
    PodSyncer syncer =
        new PodSyncer(
            name,
            identity.internalIp(),
            config.clock(),
            config.runtime(),
            api,
            api,
            identity.resources().allocatable(),
            config.logRoot(),
            key -> {
              int slash = key.indexOf('/');
              queue.add(new Work.PodWork(name, key.substring(0, slash), key.substring(slash + 1)));
            });
    NodeUnit unit =
        new NodeUnit(
            identity,
            new NodeHeartbeat(
                config.client(),
                identity,
                config.clock(),
                config.leaseDuration(),
                config.statusReportInterval()),
            syncer);
    if (nodes.putIfAbsent(name, unit) != null) {
      throw new IllegalArgumentException("node " + name + " is added twice");
    }
    return unit;
  }

  /**
   * Registers the nodes, starts the pod informer and the workers, and returns once the informer has
   * synced.
   *
   * @throws IllegalStateException if the informer did not sync within {@code timeout}
   */
  void start(Duration timeout) throws InterruptedException {
    started = true;
    long begin = System.nanoTime();
    registerAll();
    long registered = System.nanoTime();
    informers = InformerFactory.create(config.client());
    pods =
        informers.informer(
            Pod.class,
            InformerOptions.defaults()
                .withAllNamespaces()
                .withFieldSelector(config.podFieldSelector()));
    pods.addEventHandler(new Dispatcher());
    for (int i = 0; i < config.workers(); i++) {
      workers.add(Thread.ofVirtual().name("node-agent-worker-" + i).start(this::work));
    }
    informers.startAll();
    if (!informers.waitForCacheSync(timeout)) {
      throw new IllegalStateException("the pod informer did not sync: " + informers.health());
    }
    LOG.info(
        "registered {} node(s) in {} ms; pod cache synced {} ms later",
        nodes.size(),
        (registered - begin) / 1_000_000,
        (System.nanoTime() - registered) / 1_000_000);
    for (NodeUnit unit : nodes.values()) {
      queue.addAfter(new Work.Heartbeat(unit.identity().name()), unit.heartbeat().renewInterval());
    }
  }

  /** Registration of many nodes runs in parallel: each is a few round trips. */
  private void registerAll() throws InterruptedException {
    NodeHeartbeat.ensureLeaseNamespace(config.client());
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (NodeUnit unit : nodes.values()) {
        done.add(executor.submit(() -> unit.heartbeat().register()));
      }
      for (Future<?> f : done) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException(
              "registering a node failed: " + e.getCause(), e.getCause());
        }
      }
    }
  }

  Optional<NodeUnit> node(String name) {
    return Optional.ofNullable(nodes.get(name));
  }

  List<String> nodeNames() {
    return nodes.keySet().stream().sorted().toList();
  }

  private void work() {
    try {
      for (Optional<Work> next = queue.get(); next.isPresent(); next = queue.get()) {
        Work work = next.get();
        try {
          process(work);
          queue.forget(work);
        } catch (RuntimeException e) {
          LOG.warn("{} failed, will retry: {}", work, e.toString());
          LOG.debug("{} failed", work, e);
          queue.addRateLimited(work);
        } finally {
          queue.done(work);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void process(Work work) {
    NodeUnit unit = nodes.get(work.node());
    if (unit == null) {
      return;
    }
    switch (work) {
      case Work.PodWork p -> {
        Pod pod = pods.indexer().get(p.namespace(), p.name()).orElse(null);
        unit.pods().sync(p.namespace(), p.name(), pod).ifPresent(d -> queue.addAfter(work, d));
      }
      case Work.Heartbeat h -> {
        unit.heartbeat().tick();
        queue.addAfter(work, unit.heartbeat().renewInterval());
      }
    }
  }

  @Override
  public void close() {
    queue.shutDown();
    for (Thread worker : workers) {
      worker.interrupt();
    }
    if (informers != null) {
      informers.close();
    }
    for (NodeUnit unit : nodes.values()) {
      unit.pods().closeAll();
    }
    config.runtime().close();
    logServer.close();
    if (config.ownsLogRoot()) {
      Directories.deleteRecursively(config.logRoot());
    }
  }

  /** Routes pod events to the node the pod is bound to. */
  private final class Dispatcher implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod, boolean initial) {
      enqueue(pod);
    }

    @Override
    public void onUpdate(Pod old, Pod pod) {
      enqueue(pod);
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
      enqueue(pod);
    }

    private void enqueue(Pod pod) {
      String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
      if (node != null && nodes.containsKey(node)) {
        queue.add(
            new Work.PodWork(node, pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
      }
    }
  }

  /** The log server's view: find the pod's node through the cache, then ask that node. */
  private final class Logs implements LogServer.Logs {
    @Override
    public Optional<PodSyncer.LogTarget> find(
        String namespace, String pod, String container, boolean previous)
        throws LogSelection.NoLogException {
      Optional<NodeUnit> unit = owner(namespace, pod);
      if (unit.isEmpty()) {
        return Optional.empty();
      }
      return unit.get().pods().logTarget(namespace, pod, container, previous);
    }

    @Override
    public boolean hasPod(String namespace, String pod) {
      return owner(namespace, pod).isPresent();
    }

    private Optional<NodeUnit> owner(String namespace, String pod) {
      if (pods != null) {
        Optional<Pod> cached = pods.indexer().get(namespace, pod);
        if (cached.isPresent() && cached.get().getSpec() != null) {
          NodeUnit unit = nodes.get(String.valueOf(cached.get().getSpec().getNodeName()));
          if (unit != null && unit.pods().knows(namespace, pod)) {
            return Optional.of(unit);
          }
        }
      }
      return nodes.values().stream().filter(u -> u.pods().knows(namespace, pod)).findFirst();
    }
  }
}
