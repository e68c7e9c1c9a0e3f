package io.kubeloop.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.admission.AdmissionChain;
import io.kubeloop.apiserver.admission.NamespaceLifecycle;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.crd.CrdController;
import io.kubeloop.apiserver.crd.CustomResourceLifecycle;
import io.kubeloop.apiserver.crd.CustomResources;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.GroupResource;
import io.kubeloop.apiserver.http.HttpFrontend;
import io.kubeloop.apiserver.registry.BuiltinPolicies;
import io.kubeloop.apiserver.registry.ResourceStore;
import io.kubeloop.apiserver.registry.StoredObjectDecoder;
import io.kubeloop.apiserver.registry.Stores;
import io.kubeloop.apiserver.registry.WriteOptions;
import io.kubeloop.apiserver.resource.ResourceRegistry;
import io.kubeloop.apiserver.resource.ResourceType;
import io.kubeloop.apiserver.security.SecurityBootstrap;
import io.kubeloop.apiserver.selection.FieldSelectorRegistry;
import io.kubeloop.apiserver.selection.SelectableFields;
import io.kubeloop.apiserver.storage.MemoryStorage;
import io.kubeloop.apiserver.storage.SqliteStorage;
import io.kubeloop.apiserver.storage.Storage;
import io.kubeloop.apiserver.storage.StorageOptions;
import io.kubeloop.apiserver.storage.etcd.EtcdCompactor;
import io.kubeloop.apiserver.storage.etcd.EtcdStorage;
import io.kubeloop.apiserver.watchcache.CachedObject;
import io.kubeloop.apiserver.watchcache.WatchCache;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running API server. {@link #start} returns once it serves requests; {@link #close} stops it.
 *
 * <pre>{@code
 * try (KubeApiServer server = KubeApiServer.start(ApiServerConfig.defaults(dir))) {
 *   Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
 *   ...
 * }
 * }</pre>
 */
public final class KubeApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KubeApiServer.class);

  /** Namespaces that exist in every cluster from the start. */
  public static final List<String> SYSTEM_NAMESPACES =
      List.of("default", "kube-system", "kube-public", "kube-node-lease");

  /** The user the server is to node agents when it proxies pods/log, as kubeadm names it. */
  static final String KUBELET_CLIENT = "kube-apiserver-kubelet-client";

  static final String KUBELET_CLIENT_GROUP = "kubeadm:cluster-admins";

  private final ApiServerConfig config;
  private final Storage storage;
  private final Stores stores;
  private final FieldSelectorRegistry selectors = FieldSelectorRegistry.withBuiltIns();
  private final Vertx vertx;
  private final HttpFrontend frontend;
  private final SecurityBootstrap security;
  private final CrdController crdController;
  private final AtomicBoolean ready = new AtomicBoolean();
  private final List<Long> timers = new ArrayList<>();
  private volatile int port;
  private volatile Path kubeconfig;
  // Where start-up time went, for the log: phase name and its milliseconds, in order.
  private final StringBuilder startupPhases = new StringBuilder();
  private long phaseStart = System.nanoTime();
  private volatile EtcdCompactor compactor;

  private KubeApiServer(ApiServerConfig config) {
    this.config = config;
    createDirectories(config.dataDir());
    StorageOptions storageOptions = new StorageOptions(config.clock(), Duration.ofSeconds(1));
    this.storage =
        switch (config.storage()) {
          case MEMORY -> MemoryStorage.create(storageOptions);
          case EMBEDDED ->
              SqliteStorage.open(config.dataDir().resolve("kubeloop.db"), storageOptions);
          case ETCD -> EtcdStorage.open(config.etcd(), storageOptions);
        };
    phase("storage");
    this.stores = new Stores(ResourceRegistry.withBuiltins());
    AdmissionChain admission = new AdmissionChain();
    for (ResourceType type : stores.registry().all()) {
      stores.add(newStore(type, admission));
    }
    ResourceStore namespaces = stores.get(GroupResource.core("namespaces")).orElseThrow();
    admission.add(new NamespaceLifecycle(name -> lookupNamespace(namespaces, name)));
    phase("resources");
    bootstrapNamespaces(namespaces);
    ResourceStore crds =
        stores
            .get(new GroupResource("apiextensions.k8s.io", "customresourcedefinitions"))
            .orElseThrow();
    crds.setPolicy(CustomResources.crdPolicy(crds.type()));
    this.crdController =
        new CrdController(
            stores,
            crds,
            new CustomResources(
                storage, selectors, admission, config.clock(), config.watchCacheWindow()),
            config.clock());
    admission.add(new CustomResourceLifecycle(crdController));
    crdController.start();
    phase("custom resources");
    this.security = SecurityBootstrap.prepare(config.dataDir(), config.extraSans(), config.port());
    phase("security");
    this.vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
    this.frontend =
        new HttpFrontend(
            vertx,
            stores,
            selectors,
            security.authenticator(),
            security.authorizer(),
            config.clock(),
            ready::get,
            security
                .certificateAuthority()
                .issueClientCertificate(
                    KUBELET_CLIENT, List.of(KUBELET_CLIENT_GROUP), Duration.ofDays(365)));
    phase("http setup");
  }

  /** Records how long the phase that ends now took. */
  private void phase(String name) {
    long now = System.nanoTime();
    startupPhases
        .append(startupPhases.isEmpty() ? "" : ", ")
        .append(name)
        .append(' ')
        .append((now - phaseStart) / 1_000_000)
        .append(" ms");
    phaseStart = now;
  }

  /** Starts a server and returns once it accepts requests. */
  public static KubeApiServer start(ApiServerConfig config) {
    KubeApiServer server = new KubeApiServer(config);
    try {
      server.listen();
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private void listen() {
    HttpServerOptions options = security.configure(new HttpServerOptions());
    port =
        frontend
            .listen(options, config.bindAddress(), config.port())
            .toCompletionStage()
            .toCompletableFuture()
            .join();
    kubeconfig = security.writeKubeconfig(port);
    phase("listen");
    timers.add(
        vertx.setPeriodic(
            config.bookmarkInterval().toMillis(),
            id -> stores.all().forEach(s -> s.cache().bookmark())));
    if (storage instanceof EtcdStorage etcd) {
      // API servers sharing etcd agree on who compacts, as kube-apiserver's compactors do
      compactor = EtcdCompactor.start(etcd, config.compactionInterval());
    } else {
      startCompaction();
    }
    ready.set(true);
    LOG.info("kubeloop API server listening on https://{}:{}", config.bindAddress(), port);
    LOG.debug("Start-up: {}", startupPhases);
  }

  private void startCompaction() {
    AtomicLong compactTo = new AtomicLong(storage.currentRevision());
    timers.add(
        vertx.setPeriodic(
            config.compactionInterval().toMillis(),
            id ->
                vertx.executeBlocking(
                    () -> {
                      // compact what was already history one interval ago, as kube does
                      long target = compactTo.getAndSet(storage.currentRevision());
                      if (target > storage.compactedRevision()) {
                        storage.compact(target);
                      }
                      return null;
                    },
                    false)));
  }

  /** The HTTPS port the server listens on. */
  public int port() {
    return port;
  }

  /** The server's address as clients should use it. */
  public URI url() {
    return URI.create(
        "https://"
            + (config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress())
            + ":"
            + port);
  }

  /** The admin kubeconfig, written at start; kubectl and Fabric8 use it as is. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The admin bearer token, for clients that do not use certificates. */
  public Optional<String> adminToken() {
    return security.adminToken();
  }

  public ApiServerConfig config() {
    return config;
  }

  @Override
  public void close() {
    ready.set(false);
    if (vertx != null) {
      timers.forEach(vertx::cancelTimer);
    }
    if (frontend != null) {
      frontend.close();
    }
    if (crdController != null) {
      crdController.close();
    }
    if (compactor != null) {
      compactor.close();
    }
    if (stores != null) {
      stores.all().forEach(s -> s.cache().close());
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
    storage.close();
  }

  private ResourceStore newStore(ResourceType type, AdmissionChain admission) {
    SelectableFields fields = selectors.fieldsOf(type.groupResource());
    StoredObjectDecoder decoder = new StoredObjectDecoder(fields::values);
    WatchCache cache =
        WatchCache.start(storage, type.keyPrefix(), decoder, config.watchCacheWindow());
    return new ResourceStore(
        type, storage, cache, decoder, BuiltinPolicies.forType(type), admission, config.clock());
  }

  private static Optional<NamespaceLifecycle.Namespace> lookupNamespace(
      ResourceStore namespaces, String name) {
    try {
      return Optional.of(asNamespace(namespaces.reader().get("", name, "0")));
    } catch (ApiException e) {
      if (e.code() != 404) {
        throw e;
      }
    }
    // the cache may lag a namespace created a moment ago: look again once it is current
    try {
      return Optional.of(asNamespace(namespaces.reader().get("", name, "")));
    } catch (ApiException e) {
      if (e.code() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static NamespaceLifecycle.Namespace asNamespace(CachedObject namespace) {
    return new NamespaceLifecycle.Namespace(namespace.revision(), namespace.json());
  }

  private static void bootstrapNamespaces(ResourceStore namespaces) {
    for (String name : SYSTEM_NAMESPACES) {
      ObjectNode namespace = Json.MAPPER.createObjectNode();
      namespace.putObject("metadata").put("name", name);
      try {
        namespaces.create("", namespace, WriteOptions.DEFAULT);
      } catch (ApiException e) {
        if (e.code() != 409) {
          throw e;
        }
      }
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + dir, e);
    }
  }
}
