package io.kubeloop.apiserver;

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
 * @param storage {@link StorageKind#EMBEDDED} (durable, the default) or {@link StorageKind#MEMORY}
 * @param extraSans additional DNS names or IPs for the serving certificate
 * @param clock the clock for timestamps, expiry and deletion deadlines
 * @param bookmarkInterval how often watchers that allow bookmarks get one
 * @param compactionInterval how often history older than one interval is compacted
 * @param watchCacheWindow how many recent events per resource a watch can resume from
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
    int watchCacheWindow) {

  /** The storage backends. */
  public enum StorageKind {
    /** SQLite in the data directory, fsynced with group commit; survives kill -9. */
    EMBEDDED,
    /** In memory: fast, for tests; gone when the server stops. */
    MEMORY
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
        10_000);
  }

  public ApiServerConfig withPort(int port) {
    return new ApiServerConfig(
        dataDir,
        bindAddress,
        port,
        storage,
        extraSans,
        clock,
        bookmarkInterval,
        compactionInterval,
        watchCacheWindow);
  }

  public ApiServerConfig withBindAddress(String bindAddress) {
    return new ApiServerConfig(
        dataDir,
        bindAddress,
        port,
        storage,
        extraSans,
        clock,
        bookmarkInterval,
        compactionInterval,
        watchCacheWindow);
  }

  public ApiServerConfig withStorage(StorageKind storage) {
    return new ApiServerConfig(
        dataDir,
        bindAddress,
        port,
        storage,
        extraSans,
        clock,
        bookmarkInterval,
        compactionInterval,
        watchCacheWindow);
  }

  public ApiServerConfig withExtraSans(List<String> extraSans) {
    return new ApiServerConfig(
        dataDir,
        bindAddress,
        port,
        storage,
        extraSans,
        clock,
        bookmarkInterval,
        compactionInterval,
        watchCacheWindow);
  }

  public ApiServerConfig withClock(InstantSource clock) {
    return new ApiServerConfig(
        dataDir,
        bindAddress,
        port,
        storage,
        extraSans,
        clock,
        bookmarkInterval,
        compactionInterval,
        watchCacheWindow);
  }

  public ApiServerConfig withBookmarkInterval(Duration interval) {
    return new ApiServerConfig(
        dataDir,
        bindAddress,
        port,
        storage,
        extraSans,
        clock,
        interval,
        compactionInterval,
        watchCacheWindow);
  }

  public ApiServerConfig withCompactionInterval(Duration interval) {
    return new ApiServerConfig(
        dataDir,
        bindAddress,
        port,
        storage,
        extraSans,
        clock,
        bookmarkInterval,
        interval,
        watchCacheWindow);
  }

  public ApiServerConfig withWatchCacheWindow(int window) {
    return new ApiServerConfig(
        dataDir,
        bindAddress,
        port,
        storage,
        extraSans,
        clock,
        bookmarkInterval,
        compactionInterval,
        window);
  }
}
