package io.kubeloop.apiserver.storage.etcd;

import io.etcd.jetcd.Client;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands out etcd leases for keys with a TTL, sharing one lease among writes with similar TTLs as
 * kube-apiserver's lease manager does: a lease is granted for the TTL plus a reuse window (5% of
 * the TTL, at most 60 s) and reused while it still outlives a new write's TTL, for up to 1,000
 * keys. So a key lives at least its TTL and at most the TTL plus the window (an Event's hour
 * becomes up to 61 minutes), and a burst of Events costs one lease, not one each.
 *
 * <p>Thread-safe; a grant blocks its caller (and other callers wanting a lease) on etcd.
 */
final class LeaseManager {

  private static final double REUSE_PERCENT = 0.05;
  private static final long MAX_REUSE_SECONDS = 60;
  private static final int MAX_KEYS_PER_LEASE = 1_000;

  private final Client client;
  private final EtcdCalls calls;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock.
  private long leaseId;
  private Instant leaseExpiry = Instant.MIN;
  private int attached;

  LeaseManager(Client client, EtcdCalls calls, InstantSource clock) {
    this.client = client;
    this.calls = calls;
    this.clock = clock;
  }

  /** A lease that expires no sooner than {@code ttlSeconds} from now. */
  long leaseFor(long ttlSeconds) {
    lock.lock();
    try {
      Instant now = clock.instant();
      long reuse = Math.min(MAX_REUSE_SECONDS, (long) (REUSE_PERCENT * ttlSeconds));
      boolean valid = now.plusSeconds(ttlSeconds).isBefore(leaseExpiry);
      boolean sufficient = now.plusSeconds(ttlSeconds + reuse).isAfter(leaseExpiry);
      attached++;
      if (valid && sufficient && attached <= MAX_KEYS_PER_LEASE) {
        return leaseId;
      }
      long granted = ttlSeconds + reuse;
      leaseId = calls.await(client.getLeaseClient().grant(granted), "lease grant").getID();
      leaseExpiry = now.plusSeconds(granted);
      attached = 1;
      return leaseId;
    } finally {
      lock.unlock();
    }
  }

  /** Stops reusing {@code id}, e.g. after etcd said it no longer exists. */
  void forget(long id) {
    lock.lock();
    try {
      if (leaseId == id) {
        leaseExpiry = Instant.MIN;
      }
    } finally {
      lock.unlock();
    }
  }
}
