package io.kubeloop.apiserver;

import io.kubeloop.apiserver.storage.etcd.EtcdOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * How to start a {@link KubeApiServer}.
 *
 * @param dataDir where certificates, the kubeconfig and (for embedded storage) the database live
 * @param bindAddress the address to listen on
 * @param port the HTTPS port; 0 picks a free one
 * @param storage {@link StorageKind#EMBEDDED} (durable, the default), {@link StorageKind#MEMORY} or
 *     {@link StorageKind#ETCD}
 * @param extraSans additional DNS names or IPs for the serving certificate
 * @param clock the clock for timestamps, expiry and deletion deadlines
 * @param bookmarkInterval how often watchers that allow bookmarks get one
 * @param compactionInterval how often history older than one interval is compacted
 * @param watchCacheWindow how many recent events per resource a watch can resume from
 * @param etcd the etcd cluster for {@link StorageKind#ETCD} (null for the other kinds)
 */
public record ApiServerConfig(
    Path dataDir,
    String bindAddress,
    int port,
    StorageKind storage,
    List<String> extraSans,
    InstantSource clock,
    Duration bookmarkInterval,
    Duration compactionInterval,
    int watchCacheWindow,
    EtcdOptions etcd) {

  /** The storage backends. */
  public enum StorageKind {
    /** SQLite in the data directory, fsynced with group commit; survives kill -9. */
    EMBEDDED,
    /** In memory: fast, for tests; gone when the server stops. */
    MEMORY,
    /**
     * An etcd v3 cluster ({@link ApiServerConfig#etcd()}): several API servers can share it; the
     * data directory then holds only certificates and the kubeconfig.
     */
    ETCD
  }

  public ApiServerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(bookmarkInterval, "bookmarkInterval");
    Objects.requireNonNull(compactionInterval, "compactionInterval");
    if (watchCacheWindow < 1) {
      throw new IllegalArgumentException(
          "watchCacheWindow must be positive, got " + watchCacheWindow);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 0..65535, got " + port);
    }
    extraSans = List.copyOf(extraSans);
    if (storage == StorageKind.ETCD && etcd == null) {
      throw new IllegalArgumentException("etcd storage needs etcd options (servers)");
    }
  }

  /** Defaults: loopback, a free port, embedded storage, system clock, kube's intervals. */
  public static ApiServerConfig defaults(Path dataDir) {
    return new ApiServerConfig(
        dataDir,
        "127.0.0.1",
        0,
        StorageKind.EMBEDDED,
        List.of(),
        InstantSource.system(),
        Duration.ofSeconds(10),
        Duration.ofMinutes(5),
        10_000,
        null);
  }

  public ApiServerConfig withPort(int port) {
    return toBuilder().port(port).build();
  }

  public ApiServerConfig withBindAddress(String bindAddress) {
    return toBuilder().bindAddress(bindAddress).build();
  }

  public ApiServerConfig withStorage(StorageKind storage) {
    return toBuilder().storage(storage).build();
  }

  public ApiServerConfig withExtraSans(List<String> extraSans) {
    return toBuilder().extraSans(extraSans).build();
  }

  public ApiServerConfig withClock(InstantSource clock) {
    return toBuilder().clock(clock).build();
  }

  public ApiServerConfig withBookmarkInterval(Duration interval) {
    return toBuilder().bookmarkInterval(interval).build();
  }

  public ApiServerConfig withCompactionInterval(Duration interval) {
    return toBuilder().compactionInterval(interval).build();
  }

  public ApiServerConfig withWatchCacheWindow(int window) {
    return toBuilder().watchCacheWindow(window).build();
  }

  /** etcd storage on the cluster {@code etcd} describes. */
  public ApiServerConfig withEtcd(EtcdOptions etcd) {
    return toBuilder().storage(StorageKind.ETCD).etcd(etcd).build();
  }

  private Builder toBuilder() {
    return new Builder(this);
  }

  /** Copies a config with one component changed; the withers above read better at call sites. */
  private static final class Builder {
    private Path dataDir;
    private String bindAddress;
    private int port;
    private StorageKind storage;
    private List<String> extraSans;
    private InstantSource clock;
    private Duration bookmarkInterval;
    private Duration compactionInterval;
    private int watchCacheWindow;
    private EtcdOptions etcd;

    Builder(ApiServerConfig c) {
      dataDir = c.dataDir;
      bindAddress = c.bindAddress;
      port = c.port;
      storage = c.storage;
      extraSans = c.extraSans;
      clock = c.clock;
      bookmarkInterval = c.bookmarkInterval;
      compactionInterval = c.compactionInterval;
      watchCacheWindow = c.watchCacheWindow;
      etcd = c.etcd;
    }

    Builder bindAddress(String value) {
      bindAddress = value;
      return this;
    }

    Builder port(int value) {
      port = value;
      return this;
    }

    Builder storage(StorageKind value) {
      storage = value;
      return this;
    }

    Builder extraSans(List<String> value) {
      extraSans = value;
      return this;
    }

    Builder clock(InstantSource value) {
      clock = value;
      return this;
    }

    Builder bookmarkInterval(Duration value) {
      bookmarkInterval = value;
      return this;
    }

    Builder compactionInterval(Duration value) {
      compactionInterval = value;
      return this;
    }

    Builder watchCacheWindow(int value) {
      watchCacheWindow = value;
      return this;
    }

    Builder etcd(EtcdOptions value) {
      etcd = value;
      return this;
    }

    ApiServerConfig build() {
      return new ApiServerConfig(
          dataDir,
          bindAddress,
          port,
          storage,
          extraSans,
          clock,
          bookmarkInterval,
          compactionInterval,
          watchCacheWindow,
          etcd);
    }
  }
}
