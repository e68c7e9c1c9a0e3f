package io.kubeloop.runtime;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.Objects;

/**
 * Fabric8's {@link LeaseLock} with three changes that make its elector behave as client-go's:
 *
 * <ul>
 *   <li><b>A release frees the lease.</b> Fabric8 7.8 releases with a null holder, which its JSON
 *       merge patch omits, so the old holder stays and a successor waits out the 1 s release
 *       duration. Here the holder becomes {@code ""}, which every elector (client-go, Fabric8)
 *       takes as free at once.
 *   <li><b>Only a graceful stop releases.</b> Fabric8 also releases when renewing failed; but then
 *       this process's workers may still be running, and a successor must not start before the
 *       lease expires. A release is refused (as a 409, which Fabric8 logs quietly) unless {@link
 *       #allowRelease()} was called after the workers stopped.
 *   <li><b>After {@link #abandon()} nothing is written</b>: once this process has stopped leading
 *       it never renews or takes the lease again, whatever the elector's threads still do.
 * </ul>
 *
 * <p>It also records when this identity last wrote the lease, for the renew-deadline watchdog.
 * Thread-safe (Fabric8's lock methods are synchronized; the flags are volatile).
 */
final class GuardedLeaseLock extends LeaseLock {

  private volatile boolean releaseAllowed;
  private volatile boolean abandoned;

  /** {@link System#nanoTime()} of the last successful write by this identity; 0 for none. */
  private volatile long lastRenewNanos;

  GuardedLeaseLock(String namespace, String name, String identity) {
    super(namespace, name, identity);
  }

  void allowRelease() {
    releaseAllowed = true;
  }

  void abandon() {
    abandoned = true;
  }

  long lastRenewNanos() {
    return lastRenewNanos;
  }

  @Override
  public void create(KubernetesClient client, LeaderElectionRecord record) {
    refuseIfAbandoned();
    super.create(client, record);
    recordRenewal(record);
  }

  @Override
  public void update(KubernetesClient client, LeaderElectionRecord record) {
    refuseIfAbandoned();
    boolean release = record.getHolderIdentity() == null || record.getHolderIdentity().isEmpty();
    if (release && !releaseAllowed) {
      throw new KubernetesClientException(
          "not releasing lease " + describe() + ": leadership was lost, letting it expire",
          409,
          null);
    }
    super.update(client, record);
    recordRenewal(record);
  }

  @Override
  protected Lease toResource(LeaderElectionRecord record, ObjectMetaBuilder meta) {
    Lease lease = super.toResource(record, meta);
    if (record.getHolderIdentity() == null) {
      lease.getSpec().setHolderIdentity("");
    }
    return lease;
  }

  private void refuseIfAbandoned() {
    if (abandoned) {
      throw new KubernetesClientException(
          "lease " + describe() + " abandoned: this manager stopped leading", 409, null);
    }
  }

  private void recordRenewal(LeaderElectionRecord record) {
    if (Objects.equals(record.getHolderIdentity(), identity())) {
      lastRenewNanos = System.nanoTime();
    }
  }
}
