package io.kubeloop.apiserver.storage.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.kubeloop.apiserver.storage.CompactedException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts etcd periodically, as kube-apiserver does, so that any number of API servers sharing a
 * cluster compact it once per interval between them.
 *
 * <p>The key {@code compact_rev_key} holds the last compacted revision; its version is a logical
 * clock. Each round, a compactor compares the version with the one it last saw: if equal, it wins
 * the round, stores the revision it saw last round and compacts to it (so history stays at least
 * one interval deep); if not, another server compacted meanwhile and it only adopts the version. A
 * server that dies is taken over by another within two intervals.
 *
 * <p>Thread-safe: one scheduler thread runs the rounds.
 */
public final class EtcdCompactor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EtcdCompactor.class);
  private static final ByteSequence KEY = ByteSequence.from(EtcdKeys.COMPACT_REV_KEY, UTF_8);

  private final EtcdStorage storage;
  private final ScheduledExecutorService scheduler;

  // The scheduler thread's (or a test's) state between rounds.
  private long compactTime;
  private long revision;

  private EtcdCompactor(EtcdStorage storage, ScheduledExecutorService scheduler) {
    this.storage = storage;
    this.scheduler = scheduler;
  }

  /** Runs a round every {@code interval}, the first one an interval from now. */
  public static EtcdCompactor start(EtcdStorage storage, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          String.format("compaction interval must be positive, got %s", interval));
    }
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("kubeloop-etcd-compactor").daemon(true).factory());
    EtcdCompactor compactor = new EtcdCompactor(storage, scheduler);
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(compactor::round, millis, millis, TimeUnit.MILLISECONDS);
    return compactor;
  }

  /** A compactor without a schedule, for tests that run the rounds themselves. */
  static EtcdCompactor manual(EtcdStorage storage) {
    return new EtcdCompactor(storage, null);
  }

  private void round() {
    try {
      compactOnce();
    } catch (RuntimeException e) {
      LOG.warn("etcd compaction round failed (will retry next interval): {}", e.getMessage());
    }
  }

  /**
   * One round.
   *
   * @return the revision this round compacted to, or 0 if it did not compact
   */
  long compactOnce() {
    KV kv = storage.client().getKVClient();
    EtcdCalls calls = storage.calls();
    TxnResponse response =
        calls.await(
            kv.txn()
                .If(new Cmp(KEY, Cmp.Op.EQUAL, CmpTarget.version(compactTime)))
                .Then(
                    Op.put(
                        KEY, ByteSequence.from(Long.toString(revision), UTF_8), PutOption.DEFAULT))
                .Else(Op.get(KEY, GetOption.DEFAULT))
                .commit(),
            "compaction round");
    long current = response.getHeader().getRevision();
    if (!response.isSucceeded()) {
      GetResponse get = response.getGetResponses().get(0);
      compactTime = get.getKvs().isEmpty() ? 0 : get.getKvs().get(0).getVersion();
      revision = current;
      return 0;
    }
    compactTime++;
    long target = revision;
    revision = current;
    if (target == 0) {
      return 0; // the first round only records where the next one compacts to
    }
    try {
      calls.await(kv.compact(target), "compact at " + target, target, storage.compactedRevision());
      storage.noteCompacted(target);
      LOG.info("etcd compacted at revision {}", target);
      return target;
    } catch (CompactedException e) {
      storage.noteCompacted(e.compacted());
      return 0;
    }
  }

  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }
}
