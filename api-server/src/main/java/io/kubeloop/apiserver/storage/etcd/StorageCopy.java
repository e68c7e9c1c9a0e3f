package io.kubeloop.apiserver.storage.etcd;

import io.kubeloop.apiserver.registry.BuiltinPolicies;
import io.kubeloop.apiserver.resource.ResourceRegistry;
import io.kubeloop.apiserver.resource.ResourceType;
import io.kubeloop.apiserver.storage.KeyValue;
import io.kubeloop.apiserver.storage.RangeResult;
import io.kubeloop.apiserver.storage.Storage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * Copies every key under a prefix from one store to another, e.g. from the embedded SQLite store to
 * etcd and back (backup and restore, or a move).
 *
 * <p>The source is read as one snapshot (every page at the revision of the first), so a copy of a
 * store that is still being written is consistent, but the API servers should be stopped for a
 * move: writes after the snapshot are not copied. The target must hold no key under the prefix.
 * Keys are created in the target afresh, so they get the target's revisions: every object's
 * resourceVersion changes, and clients (informers) must relist; watches and continue tokens from
 * before do not carry over. Keys with a TTL (Events) start their TTL again.
 */
public final class StorageCopy {

  /** Creates in flight at once: enough to hide etcd's round trips, few enough to be polite. */
  private static final int PARALLEL_WRITES = 32;

  private StorageCopy() {}

  /**
   * What a copy did.
   *
   * @param keys how many keys were copied
   * @param bytes their value bytes
   * @param sourceRevision the source revision the snapshot was read at
   * @param targetRevision the target's revision after the copy
   */
  public record Result(long keys, long bytes, long sourceRevision, long targetRevision) {}

  /**
   * The TTL the API server gives new keys of each built-in resource (Events: one hour), by key
   * prefix; 0 for keys of other resources.
   */
  public static ToLongFunction<String> builtinTtls() {
    Map<String, Long> ttls = new LinkedHashMap<>();
    for (ResourceType type : ResourceRegistry.withBuiltins().all()) {
      long ttl = BuiltinPolicies.forType(type).ttlSeconds();
      if (ttl > 0) {
        ttls.put(type.keyPrefix(), ttl);
      }
    }
    return key -> {
      for (Map.Entry<String, Long> e : ttls.entrySet()) {
        if (key.startsWith(e.getKey())) {
          return e.getValue();
        }
      }
      return 0;
    };
  }

  /**
   * Copies the keys under {@code prefix}.
   *
   * @param ttlSeconds the TTL to give each copied key (see {@link #builtinTtls()})
   * @throws IllegalStateException if the target already has keys under {@code prefix}
   */
  public static Result copy(
      Storage from, Storage to, String prefix, ToLongFunction<String> ttlSeconds) {
    RangeResult existing = to.range(prefix, null, 1, 0);
    if (!existing.kvs().isEmpty()) {
      throw new IllegalStateException(
          "the target already holds keys under "
              + prefix
              + " (e.g. "
              + existing.kvs().get(0).key()
              + "); copy into an empty store");
    }
    AtomicLong keys = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    long revision = 0;
    String after = null;
    Semaphore inFlight = new Semaphore(PARALLEL_WRITES);
    List<Future<?>> writes = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      while (true) {
        RangeResult page = from.range(prefix, after, 500, revision);
        revision = page.revision();
        for (KeyValue kv : page.kvs()) {
          after = kv.key();
          inFlight.acquireUninterruptibly();
          writes.add(
              pool.submit(
                  () -> {
                    try {
                      to.create(kv.key(), kv.value(), ttlSeconds.applyAsLong(kv.key()));
                      keys.incrementAndGet();
                      bytes.addAndGet(kv.value().length);
                    } finally {
                      inFlight.release();
                    }
                    return null;
                  }));
        }
        // surface a failed write now rather than after the whole source was read
        for (var it = writes.iterator(); it.hasNext(); ) {
          Future<?> write = it.next();
          if (write.isDone()) {
            write.get();
            it.remove();
          }
        }
        if (!page.more()) {
          break;
        }
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("copy interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("copy failed", e.getCause());
    }
    return new Result(keys.get(), bytes.get(), revision, to.currentRevision());
  }
}
