package io.kubeloop.apiserver.storage.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.kubeloop.apiserver.storage.CompactedException;
import io.kubeloop.apiserver.storage.KeyExistsException;
import io.kubeloop.apiserver.storage.KeyValue;
import io.kubeloop.apiserver.storage.RangeResult;
import io.kubeloop.apiserver.storage.RevisionMismatchException;
import io.kubeloop.apiserver.storage.Storage;
import io.kubeloop.apiserver.storage.StorageException;
import io.kubeloop.apiserver.storage.StorageOptions;
import io.kubeloop.apiserver.storage.Watch;
import io.kubeloop.apiserver.storage.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Storage} on an etcd v3 cluster, through jetcd. etcd's revisions are the store's
 * revisions (and so the resourceVersions); several stores (several API servers) may share one
 * cluster and see each other's writes, in one revision order.
 *
 * <ul>
 *   <li>create: a transaction "create revision = 0 → put"; update and delete: "mod revision =
 *       expected → put / delete", whose else branch reads the key for the mismatch exception;
 *   <li>ranges: etcd ranges at a fixed revision with a limit; {@code remaining} is etcd's count
 *       minus the page;
 *   <li>watches: one etcd watch per store over every key, fanned out by {@link EtcdWatchHub};
 *   <li>TTLs: etcd leases (shared among similar TTLs, see {@link LeaseManager}); etcd deletes
 *       expired keys itself, with ordinary DELETE events;
 *   <li>compaction: {@link #compact} compacts etcd; {@link EtcdCompactor} is the API servers'
 *       periodic, coordinated compaction.
 * </ul>
 *
 * <p>{@link #compactedRevision()} is what this store knows: its own compactions, the revisions
 * kube-style compactors record under {@code compact_rev_key}, and compaction errors etcd returns.
 *
 * <p>Every call to etcd has a deadline ({@link EtcdOptions#requestTimeout()}); unreachable or slow
 * etcd fails it with {@link io.kubeloop.apiserver.storage.StorageUnavailableException}. Watches
 * outlive etcd outages: the hub reopens its etcd watch where it left off.
 *
 * <p>Thread-safe; methods block and are meant for virtual threads or worker pools.
 */
public final class EtcdStorage implements Storage {

  private final EtcdOptions options;
  private final Client client;
  private final KV kv;
  private final EtcdKeys keys;
  private final EtcdCalls calls;
  private final LeaseManager leases;
  private final EtcdWatchHub hub;
  private final AtomicLong compacted = new AtomicLong();
  private volatile boolean closed;

  private EtcdStorage(EtcdOptions options, StorageOptions storageOptions) {
    this.options = options;
    this.client = EtcdClients.connect(options);
    this.kv = client.getKVClient();
    this.keys = new EtcdKeys(options.namespace());
    this.calls = new EtcdCalls(options.requestTimeout());
    this.leases = new LeaseManager(client, calls, storageOptions.clock());
    long start;
    try {
      GetResponse marker =
          calls.await(kv.get(bytes(EtcdKeys.COMPACT_REV_KEY)), "read " + EtcdKeys.COMPACT_REV_KEY);
      start = marker.getHeader().getRevision();
      if (!marker.getKvs().isEmpty()) {
        compacted.set(EtcdEvents.parseRevision(marker.getKvs().get(0).getValue().toString()));
      }
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    this.hub =
        new EtcdWatchHub(
            client,
            keys,
            new EtcdHistory(client, keys, options.requestTimeout()),
            new EventRing(options.recentEvents(), 64L << 20, start),
            start,
            compacted);
  }

  /** Connects to the cluster; fails with StorageUnavailableException if it does not answer. */
  public static EtcdStorage open(EtcdOptions options) {
    return open(options, StorageOptions.defaults());
  }

  /**
   * As {@link #open(EtcdOptions)}; of {@code storageOptions} only the clock is used (lease reuse
   * reads it). etcd itself measures TTLs, so the sweep interval does not apply.
   */
  public static EtcdStorage open(EtcdOptions options, StorageOptions storageOptions) {
    return new EtcdStorage(options, storageOptions);
  }

  public EtcdOptions options() {
    return options;
  }

  @Override
  public long currentRevision() {
    checkOpen();
    GetOption countOnly = GetOption.builder().withCountOnly(true).build();
    return calls
        .await(kv.get(bytes(EtcdKeys.COMPACT_REV_KEY), countOnly), "read the current revision")
        .getHeader()
        .getRevision();
  }

  @Override
  public long compactedRevision() {
    return compacted.get();
  }

  @Override
  public KeyValue create(String key, byte[] value, long ttlSeconds) {
    checkKey(key);
    checkTtl(ttlSeconds);
    checkOpen();
    ByteSequence k = keys.toEtcd(key);
    for (int attempt = 0; ; attempt++) {
      long lease = ttlSeconds > 0 ? leases.leaseFor(ttlSeconds) : 0;
      TxnResponse response;
      try {
        response =
            calls.await(
                kv.txn()
                    .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                    .Then(Op.put(k, ByteSequence.from(value), putOption(lease, false)))
                    .commit(),
                "create " + key);
      } catch (StorageException e) {
        if (retryWithNewLease(e, lease, attempt)) {
          continue;
        }
        throw e;
      }
      if (!response.isSucceeded()) {
        throw new KeyExistsException(key);
      }
      long revision = response.getHeader().getRevision();
      return new KeyValue(key, value, revision, revision);
    }
  }

  @Override
  public KeyValue update(String key, long expectedModRevision, byte[] value, long ttlSeconds) {
    checkKey(key);
    checkTtl(ttlSeconds);
    checkOpen();
    if (expectedModRevision <= 0) {
      // etcd compares a missing key's mod revision as 0: such an update would create it
      throw new RevisionMismatchException(key, get(key).orElse(null));
    }
    ByteSequence k = keys.toEtcd(key);
    for (int attempt = 0; ; attempt++) {
      long lease = ttlSeconds > 0 ? leases.leaseFor(ttlSeconds) : 0;
      TxnResponse response;
      try {
        response =
            calls.await(
                kv.txn()
                    .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
                    .Then(Op.put(k, ByteSequence.from(value), putOption(lease, true)))
                    .Else(Op.get(k, GetOption.DEFAULT))
                    .commit(),
                "update " + key);
      } catch (StorageException e) {
        if (retryWithNewLease(e, lease, attempt)) {
          continue;
        }
        throw e;
      }
      if (!response.isSucceeded()) {
        throw new RevisionMismatchException(key, first(response));
      }
      long revision = response.getHeader().getRevision();
      io.etcd.jetcd.KeyValue prev = response.getPutResponses().get(0).getPrevKv();
      return new KeyValue(key, value, prev.getCreateRevision(), revision);
    }
  }

  @Override
  public KeyValue delete(String key, long expectedModRevision) {
    checkKey(key);
    checkOpen();
    ByteSequence k = keys.toEtcd(key);
    Cmp guard =
        expectedModRevision == 0
            ? new Cmp(k, Cmp.Op.GREATER, CmpTarget.createRevision(0))
            : new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision));
    TxnResponse response =
        calls.await(
            kv.txn()
                .If(guard)
                .Then(Op.delete(k, DeleteOption.builder().withPrevKV(true).build()))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(),
            "delete " + key);
    if (!response.isSucceeded()) {
      throw new RevisionMismatchException(key, first(response));
    }
    return keys.fromEtcd(key, response.getDeleteResponses().get(0).getPrevKvs().get(0));
  }

  @Override
  public Optional<KeyValue> get(String key) {
    checkKey(key);
    checkOpen();
    GetResponse response = calls.await(kv.get(keys.toEtcd(key)), "get " + key);
    return response.getKvs().isEmpty()
        ? Optional.empty()
        : Optional.of(keys.fromEtcd(key, response.getKvs().get(0)));
  }

  @Override
  public RangeResult range(String prefix, String startAfter, int limit, long revision) {
    if (limit < 0 || revision < 0) {
      throw new IllegalArgumentException(
          String.format("limit and revision must not be negative, got %d and %d", limit, revision));
    }
    checkOpen();
    long known = compacted.get();
    if (revision != 0 && revision <= known) {
      // etcd still serves the compacted revision itself; the SPI does not
      throw new CompactedException(revision, known);
    }
    ByteSequence start =
        startAfter != null && startAfter.compareTo(prefix) >= 0
            ? keys.toEtcd(startAfter + '\0')
            : keys.toEtcd(prefix);
    if (start.isEmpty()) {
      start = EtcdKeys.ALL; // etcd wants a key; "\0" with the range end "\0" is every key
    }
    GetOption.Builder option =
        GetOption.builder().withRange(keys.rangeEnd(prefix)).withLimit(limit);
    if (revision != 0) {
      option.withRevision(revision);
    }
    GetResponse response;
    try {
      response = calls.await(kv.get(start, option.build()), "range " + prefix, revision, known);
    } catch (CompactedException e) {
      noteCompacted(e.compacted()); // compacted by another API server, or by etcd itself
      throw e;
    }
    List<KeyValue> kvs = new ArrayList<>(response.getKvs().size());
    long count = response.getCount();
    for (io.etcd.jetcd.KeyValue entry : response.getKvs()) {
      KeyValue kv = keys.fromEtcd(entry);
      if (kv == null) {
        count--; // compact_rev_key, when the namespace is empty: bookkeeping, not data
      } else {
        kvs.add(kv);
      }
    }
    long at = revision != 0 ? revision : response.getHeader().getRevision();
    return new RangeResult(kvs, at, Math.max(0, count - kvs.size()));
  }

  @Override
  public Watch watch(String prefix, long afterRevision, WatchListener listener) {
    checkOpen();
    long known = compacted.get();
    if (afterRevision < known) {
      throw new CompactedException(afterRevision, known);
    }
    return hub.register(prefix, afterRevision, listener);
  }

  @Override
  public void compact(long revision) {
    checkOpen();
    long known = compacted.get();
    if (revision <= known) {
      throw new CompactedException(revision, known);
    }
    try {
      calls.await(kv.compact(revision), "compact at " + revision, revision, known);
    } catch (CompactedException e) {
      noteCompacted(e.compacted());
      throw e;
    }
    noteCompacted(revision);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    hub.stop(new StorageException("storage is closed"));
    client.close();
  }

  /** The highest revision the store's watches have been served (for tests and diagnostics). */
  public long watchedRevision() {
    return hub.dispatched();
  }

  Client client() {
    return client;
  }

  EtcdCalls calls() {
    return calls;
  }

  void noteCompacted(long revision) {
    compacted.accumulateAndGet(revision, Math::max);
  }

  private boolean retryWithNewLease(StorageException e, long lease, int attempt) {
    // a reused lease may have been revoked by someone else: take a fresh one, once
    if (lease != 0 && attempt == 0 && String.valueOf(e.getMessage()).contains("lease not found")) {
      leases.forget(lease);
      return true;
    }
    return false;
  }

  private static PutOption putOption(long lease, boolean prevKv) {
    PutOption.Builder builder = PutOption.builder();
    if (lease != 0) {
      builder.withLeaseId(lease);
    }
    if (prevKv) {
      builder.withPrevKV();
    }
    return builder.build();
  }

  private KeyValue first(TxnResponse response) {
    List<GetResponse> gets = response.getGetResponses();
    if (gets.isEmpty() || gets.get(0).getKvs().isEmpty()) {
      return null;
    }
    return keys.fromEtcd(gets.get(0).getKvs().get(0));
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  private void checkOpen() {
    if (closed) {
      throw new StorageException("storage is closed");
    }
  }

  private static void checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
  }

  private static void checkTtl(long ttlSeconds) {
    if (ttlSeconds < 0) {
      throw new IllegalArgumentException(
          String.format("ttlSeconds must not be negative, got %d", ttlSeconds));
    }
  }
}
