package io.kubeloop.apiserver.registry;

import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.FieldError;
import io.kubeloop.apiserver.resource.ResourceType;
import io.kubeloop.apiserver.storage.CompactedException;
import io.kubeloop.apiserver.storage.FutureRevisionException;
import io.kubeloop.apiserver.storage.KeyValue;
import io.kubeloop.apiserver.storage.RangeResult;
import io.kubeloop.apiserver.storage.Storage;
import io.kubeloop.apiserver.watchcache.CachedObject;
import io.kubeloop.apiserver.watchcache.ObjectDecoder;
import io.kubeloop.apiserver.watchcache.WatchCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gets and lists of one resource, following the resourceVersion rules of the Kubernetes API
 * concepts: unset = most recent (the cache first catches up with storage), "0" = any, a number =
 * not older than, or exact where a page or {@code resourceVersionMatch=Exact} asks for it. Exact
 * and continued reads of a revision the cache has moved past come from storage history.
 */
public final class ResourceReader {

  /** How long a read waits for the cache to reach a requested revision before answering 504. */
  static final Duration FRESHNESS_TIMEOUT = Duration.ofSeconds(3);

  private final ResourceType type;
  private final Storage storage;
  private final WatchCache cache;
  private final ObjectDecoder decoder;

  ResourceReader(ResourceType type, Storage storage, WatchCache cache, ObjectDecoder decoder) {
    this.type = type;
    this.storage = storage;
    this.cache = cache;
    this.decoder = decoder;
  }

  /** GET of one object. */
  public CachedObject get(String namespace, String name, String resourceVersion) {
    awaitFresh(resourceVersion);
    return cache
        .get(type.key(namespace, name))
        .orElseThrow(() -> ApiException.notFound(type.groupResource(), name));
  }

  /**
   * Waits until the cache is at least as new as {@code resourceVersion}, or as storage if it is
   * empty ("most recent"); "0" does not wait. Answers 504 if that takes too long.
   */
  public void awaitFresh(String resourceVersion) {
    if (resourceVersion == null || resourceVersion.isEmpty()) {
      awaitCache(storage.currentRevision());
    } else if (!resourceVersion.equals("0")) {
      awaitCache(parseRevision(resourceVersion));
    }
  }

  /** A LIST page in {@code namespace} ("" for all namespaces or cluster-scoped resources). */
  public ListResult list(String namespace, ListOptions options) {
    validate(options);
    String prefix = type.keyPrefix(namespace);
    String rv = options.resourceVersion();
    if (!options.continueToken().isEmpty()) {
      ContinueToken token = ContinueToken.decode(options.continueToken());
      if (token.revision() <= storage.compactedRevision()) {
        throw ApiException.expired(
            "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
      }
      return page(prefix, type.keyPrefix() + token.lastKey(), token.revision(), options);
    }
    boolean exact =
        options.resourceVersionMatch().equals("Exact")
            || (options.resourceVersionMatch().isEmpty()
                && options.limit() > 0
                && !rv.isEmpty()
                && !rv.equals("0"));
    if (exact) {
      long revision = parseRevision(rv);
      if (revision > storage.currentRevision()) {
        throw tooLarge(revision);
      }
      if (revision <= storage.compactedRevision()) {
        throw ApiException.expired(
            "too old resource version: " + revision + " (" + storage.compactedRevision() + ")");
      }
      return page(prefix, null, revision, options);
    }
    awaitFresh(rv);
    return page(prefix, null, 0, options);
  }

  /**
   * One page after {@code startAfter} at {@code revision}; revision 0 means the cache's current
   * state. The cache serves it when it is at that revision, storage history otherwise. From the
   * cache a page costs O(limit + log n) wherever it starts, so paging through a list is linear.
   */
  private ListResult page(String prefix, String startAfter, long revision, ListOptions options) {
    long limit = options.limit();
    int pageSize = limit <= 0 || limit >= Integer.MAX_VALUE ? 0 : (int) limit;
    WatchCache.Page page = cache.page(prefix, startAfter, pageSize, options.filter());
    if (revision != 0 && page.revision() != revision) {
      return fromStorage(prefix, startAfter, revision, options);
    }
    if (!page.more()) {
      return new ListResult(page.items(), page.revision(), "", null);
    }
    List<CachedObject> items = page.items();
    String last = items.get(items.size() - 1).key().substring(type.keyPrefix().length());
    // kube omits the count when selectors filter: the objects after the page need not match them
    return new ListResult(
        items,
        page.revision(),
        new ContinueToken(page.revision(), last).encode(),
        options.selective() ? null : page.remaining());
  }

  private ListResult fromStorage(
      String prefix, String startAfter, long revision, ListOptions options) {
    long limit = options.limit();
    List<CachedObject> items = new ArrayList<>();
    String after = startAfter;
    boolean more = true;
    long remaining = 0;
    try {
      while (more && (limit <= 0 || items.size() < limit)) {
        int want = limit <= 0 ? 1000 : (int) Math.max(limit - items.size(), 1);
        RangeResult range = storage.range(prefix, after, want, revision);
        for (KeyValue kv : range.kvs()) {
          after = kv.key();
          CachedObject object = decoder.decode(kv, kv.modRevision());
          if (options.filter().test(object)) {
            items.add(object);
          }
        }
        more = range.more();
        remaining = range.remaining();
      }
    } catch (CompactedException e) {
      throw ApiException.expired(
          "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
    } catch (FutureRevisionException e) {
      throw tooLarge(revision);
    }
    if (!more) {
      return new ListResult(items, revision, "", null);
    }
    String last = after.substring(type.keyPrefix().length());
    return new ListResult(
        items,
        revision,
        new ContinueToken(revision, last).encode(),
        options.selective() ? null : remaining);
  }

  private void validate(ListOptions options) {
    String rv = options.resourceVersion();
    String match = options.resourceVersionMatch();
    List<FieldError> errors = new ArrayList<>();
    if (!match.isEmpty()) {
      if (!match.equals("Exact") && !match.equals("NotOlderThan")) {
        errors.add(
            FieldError.notSupported(
                "resourceVersionMatch", match, List.of("Exact", "NotOlderThan")));
      } else if (rv.isEmpty()) {
        errors.add(
            FieldError.forbidden(
                "resourceVersionMatch",
                "resourceVersionMatch is forbidden unless resourceVersion is provided"));
      } else if (match.equals("Exact") && rv.equals("0")) {
        errors.add(
            FieldError.forbidden(
                "resourceVersionMatch",
                "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
      }
      if (!options.continueToken().isEmpty()) {
        errors.add(
            FieldError.forbidden(
                "resourceVersionMatch",
                "resourceVersionMatch is forbidden when continue is provided"));
      }
    }
    if (options.limit() < 0) {
      errors.add(
          FieldError.invalid("limit", options.limit(), "must be greater than or equal to 0"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid("ListOptions", "meta.k8s.io", "", errors);
    }
    if (!options.continueToken().isEmpty() && !rv.isEmpty() && !rv.equals("0")) {
      throw ApiException.badRequest(
          "specifying resource version is not allowed when using continue");
    }
  }

  private void awaitCache(long revision) {
    try {
      cache.awaitRevision(revision).get(FRESHNESS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw tooLarge(revision);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.internalError("interrupted while waiting for the watch cache");
    } catch (ExecutionException e) {
      throw ApiException.internalError("watch cache unavailable: " + e.getCause().getMessage());
    }
  }

  private ApiException tooLarge(long revision) {
    return ApiException.serverTimeout(
        "Too large resource version: " + revision + ", current: " + cache.revision(), 1);
  }

  /** A resourceVersion parameter as a revision; kube answers 400 for one that is not a number. */
  public static long parseRevision(String rv) {
    try {
      long value = Long.parseLong(rv);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid resource version \"" + rv + "\"");
    }
  }
}
