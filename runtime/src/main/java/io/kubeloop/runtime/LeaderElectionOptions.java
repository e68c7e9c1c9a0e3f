package io.kubeloop.runtime;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease: only the manager holding the lease
 * runs its controllers; the others keep their caches warm and take over when it stops renewing or
 * releases the lease.
 *
 * <p>Timing (client-go's and controller-runtime's defaults, 15 s / 10 s / 2 s): the leader renews
 * every {@code retryPeriod} and gives up leading if it could not renew for {@code renewDeadline}; a
 * standby tries every {@code retryPeriod} (plus up to 120% jitter) and takes a lease not renewed
 * for {@code leaseDuration}, or at once a released one.
 *
 * @param leaseName the Lease's name (controller-runtime's {@code LeaderElectionID})
 * @param leaseNamespace the Lease's namespace; null for the client's namespace ({@code default} if
 *     it has none)
 * @param identity this manager's identity in the lease, unique among the candidates
 * @param leaseDuration how long a lease not renewed stays taken; whole seconds (the Lease stores
 *     seconds), at least 1 s
 * @param renewDeadline how long the leader keeps trying to renew before it stops leading; shorter
 *     than {@code leaseDuration}
 * @param retryPeriod how often the leader renews and a standby tries; {@code renewDeadline} must be
 *     longer than 1.2 times it
 */
public record LeaderElectionOptions(
    String leaseName,
    String leaseNamespace,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod) {

  /** client-go's jitter factor: a standby waits between 1 and 2.2 retry periods. */
  static final double JITTER_FACTOR = 1.2;

  public LeaderElectionOptions {
    requireNonBlank(leaseName, "leaseName");
    if (leaseNamespace != null) {
      requireNonBlank(leaseNamespace, "leaseNamespace");
    }
    requireNonBlank(identity, "identity");
    requirePositive(leaseDuration, "leaseDuration");
    requirePositive(renewDeadline, "renewDeadline");
    requirePositive(retryPeriod, "retryPeriod");
    if (leaseDuration.toNanos() % 1_000_000_000L != 0) {
      throw new IllegalArgumentException(
          "leaseDuration must be whole seconds (Lease.spec.leaseDurationSeconds), got "
              + leaseDuration);
    }
    if (leaseDuration.compareTo(renewDeadline) <= 0) {
      throw new IllegalArgumentException(
          "leaseDuration " + leaseDuration + " must be longer than renewDeadline " + renewDeadline);
    }
    if (renewDeadline.toNanos() <= JITTER_FACTOR * retryPeriod.toNanos()) {
      throw new IllegalArgumentException(
          "renewDeadline "
              + renewDeadline
              + " must be longer than 1.2 x retryPeriod "
              + retryPeriod);
    }
  }

  /**
   * Election on the Lease {@code leaseName} in the client's namespace, with the default identity
   * (host name, {@code _}, a random UUID) and timing (15 s / 10 s / 2 s).
   */
  public static LeaderElectionOptions of(String leaseName) {
    return new LeaderElectionOptions(
        leaseName,
        null,
        defaultIdentity(),
        Duration.ofSeconds(15),
        Duration.ofSeconds(10),
        Duration.ofSeconds(2));
  }

  /** A copy with the Lease in {@code namespace}. */
  public LeaderElectionOptions withLeaseNamespace(String namespace) {
    return new LeaderElectionOptions(
        leaseName, namespace, identity, leaseDuration, renewDeadline, retryPeriod);
  }

  /** A copy with another identity. */
  public LeaderElectionOptions withIdentity(String identity) {
    return new LeaderElectionOptions(
        leaseName, leaseNamespace, identity, leaseDuration, renewDeadline, retryPeriod);
  }

  /** A copy with other timing; the three are checked together. */
  public LeaderElectionOptions withTiming(
      Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    return new LeaderElectionOptions(
        leaseName, leaseNamespace, identity, leaseDuration, renewDeadline, retryPeriod);
  }

  /** controller-runtime's default identity: the host name, {@code _}, a random UUID. */
  static String defaultIdentity() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "unknown-host";
      }
    }
    return host + "_" + UUID.randomUUID();
  }

  private static void requireNonBlank(String value, String what) {
    requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }

  private static void requirePositive(Duration d, String what) {
    requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
  }
}
