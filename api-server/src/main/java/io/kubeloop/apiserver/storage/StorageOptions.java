package io.kubeloop.apiserver.storage;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Settings shared by the storage backends.
 *
 * @param clock the time source for TTL deadlines; tests pass a fake one and step it
 * @param ttlSweepInterval how often a background thread deletes expired keys; {@link Duration#ZERO}
 *     turns the background sweep off (a test then calls the store's sweep itself)
 */
public record StorageOptions(InstantSource clock, Duration ttlSweepInterval) {

  public StorageOptions {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(ttlSweepInterval, "ttlSweepInterval");
    if (ttlSweepInterval.isNegative()) {
      throw new IllegalArgumentException(
          String.format("ttlSweepInterval must not be negative, got %s", ttlSweepInterval));
    }
  }

  /** The system clock and a one-second sweep. */
  public static StorageOptions defaults() {
    return new StorageOptions(InstantSource.system(), Duration.ofSeconds(1));
  }

  public StorageOptions withClock(InstantSource clock) {
    return new StorageOptions(clock, ttlSweepInterval);
  }

  public StorageOptions withTtlSweepInterval(Duration ttlSweepInterval) {
    return new StorageOptions(clock, ttlSweepInterval);
  }
}
