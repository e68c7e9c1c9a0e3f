package io.kubeloop.informers;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an informer watches and how. {@link #defaults()} watches all namespaces with kube's
 * defaults; the {@code with...} methods return changed copies.
 *
 * <p>The factory shares one informer per resource, namespace scope, selectors and metadata-only
 * mode: the other options of the first request for that combination win.
 *
 * @param namespaces the namespaces to watch; empty for all namespaces (and for cluster-scoped
 *     resources). Several namespaces are watched by one reflector each, into one cache.
 * @param labelSelector a server-side label selector (e.g. {@code app=web,tier in (a,b)}), "" for
 *     none
 * @param fieldSelector a server-side field selector (e.g. {@code spec.nodeName=n1}), "" for none
 * @param listMode how the initial state is fetched
 * @param pageSize objects per LIST page for {@link ListMode#PAGINATED}, and after a streaming list
 *     was refused (default 5,000; client-go: 500); 0 lists everything in one response
 * @param watchTimeout each watch asks the server to end it after a random time between this and
 *     twice this (client-go: 5 minutes), so clients spread their reconnects
 * @param defaultResyncPeriod the resync period of handlers added without one; zero for none
 * @param dropManagedFields whether {@code metadata.managedFields} is removed before storing (it is
 *     often the largest part of an object and controllers rarely read it)
 * @param compact whether stored objects are packed (see the README for the trade-off)
 * @param decodeCacheSize how many decoded objects are kept for repeated reads; 0 decodes on every
 *     read
 * @param initialBackoff the first retry delay after an error (client-go: 800 ms)
 * @param maxBackoff the largest retry delay (client-go: 30 s)
 */
public record InformerOptions(
    Set<String> namespaces,
    String labelSelector,
    String fieldSelector,
    ListMode listMode,
    int pageSize,
    Duration watchTimeout,
    Duration defaultResyncPeriod,
    boolean dropManagedFields,
    boolean compact,
    int decodeCacheSize,
    Duration initialBackoff,
    Duration maxBackoff) {

  public InformerOptions {
    namespaces = Set.copyOf(new TreeSet<>(Objects.requireNonNull(namespaces, "namespaces")));
    labelSelector = labelSelector == null ? "" : labelSelector.trim();
    fieldSelector = fieldSelector == null ? "" : fieldSelector.trim();
    Objects.requireNonNull(listMode, "listMode");
    requirePositive(watchTimeout, "watchTimeout");
    Objects.requireNonNull(defaultResyncPeriod, "defaultResyncPeriod");
    if (defaultResyncPeriod.isNegative()) {
      throw new IllegalArgumentException("defaultResyncPeriod must not be negative");
    }
    requirePositive(initialBackoff, "initialBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff " + maxBackoff + " is shorter than initialBackoff " + initialBackoff);
    }
    if (pageSize < 0) {
      throw new IllegalArgumentException("pageSize must not be negative, got " + pageSize);
    }
    if (decodeCacheSize < 0) {
      throw new IllegalArgumentException(
          "decodeCacheSize must not be negative, got " + decodeCacheSize);
    }
    for (String ns : namespaces) {
      if (ns.isBlank()) {
        throw new IllegalArgumentException("namespace names must not be blank: " + namespaces);
      }
    }
  }

  /**
   * All namespaces, no selectors, paginated lists of 5,000 objects per page (client-go asks for
   * 500, but kube's watch cache answers its {@code resourceVersion=0} lists in one page, while
   * kubeloop's API server pays for every page: see benchmarks/docs/informers.md), streaming lists
   * off (see {@link ListMode#STREAMING}), kube's timeouts and backoff.
   */
  public static InformerOptions defaults() {
    return new InformerOptions(
        Set.of(),
        "",
        "",
        ListMode.PAGINATED,
        5000,
        Duration.ofMinutes(5),
        Duration.ZERO,
        true,
        true,
        1024,
        Duration.ofMillis(800),
        Duration.ofSeconds(30));
  }

  public InformerOptions withNamespaces(String... namespaces) {
    return withNamespaces(Set.of(namespaces));
  }

  public InformerOptions withNamespaces(Set<String> namespaces) {
    return new InformerOptions(
        namespaces,
        labelSelector,
        fieldSelector,
        listMode,
        pageSize,
        watchTimeout,
        defaultResyncPeriod,
        dropManagedFields,
        compact,
        decodeCacheSize,
        initialBackoff,
        maxBackoff);
  }

  /** Watches all namespaces (or a cluster-scoped resource). */
  public InformerOptions withAllNamespaces() {
    return withNamespaces(Set.of());
  }

  public InformerOptions withLabelSelector(String selector) {
    return new InformerOptions(
        namespaces,
        selector,
        fieldSelector,
        listMode,
        pageSize,
        watchTimeout,
        defaultResyncPeriod,
        dropManagedFields,
        compact,
        decodeCacheSize,
        initialBackoff,
        maxBackoff);
  }

  public InformerOptions withFieldSelector(String selector) {
    return new InformerOptions(
        namespaces,
        labelSelector,
        selector,
        listMode,
        pageSize,
        watchTimeout,
        defaultResyncPeriod,
        dropManagedFields,
        compact,
        decodeCacheSize,
        initialBackoff,
        maxBackoff);
  }

  public InformerOptions withListMode(ListMode mode) {
    return new InformerOptions(
        namespaces,
        labelSelector,
        fieldSelector,
        mode,
        pageSize,
        watchTimeout,
        defaultResyncPeriod,
        dropManagedFields,
        compact,
        decodeCacheSize,
        initialBackoff,
        maxBackoff);
  }

  public InformerOptions withPageSize(int size) {
    return new InformerOptions(
        namespaces,
        labelSelector,
        fieldSelector,
        listMode,
        size,
        watchTimeout,
        defaultResyncPeriod,
        dropManagedFields,
        compact,
        decodeCacheSize,
        initialBackoff,
        maxBackoff);
  }

  public InformerOptions withWatchTimeout(Duration timeout) {
    return new InformerOptions(
        namespaces,
        labelSelector,
        fieldSelector,
        listMode,
        pageSize,
        timeout,
        defaultResyncPeriod,
        dropManagedFields,
        compact,
        decodeCacheSize,
        initialBackoff,
        maxBackoff);
  }

  public InformerOptions withDefaultResyncPeriod(Duration period) {
    return new InformerOptions(
        namespaces,
        labelSelector,
        fieldSelector,
        listMode,
        pageSize,
        watchTimeout,
        period,
        dropManagedFields,
        compact,
        decodeCacheSize,
        initialBackoff,
        maxBackoff);
  }

  public InformerOptions withDropManagedFields(boolean drop) {
    return new InformerOptions(
        namespaces,
        labelSelector,
        fieldSelector,
        listMode,
        pageSize,
        watchTimeout,
        defaultResyncPeriod,
        drop,
        compact,
        decodeCacheSize,
        initialBackoff,
        maxBackoff);
  }

  public InformerOptions withCompact(boolean compact) {
    return new InformerOptions(
        namespaces,
        labelSelector,
        fieldSelector,
        listMode,
        pageSize,
        watchTimeout,
        defaultResyncPeriod,
        dropManagedFields,
        compact,
        decodeCacheSize,
        initialBackoff,
        maxBackoff);
  }

  public InformerOptions withDecodeCacheSize(int size) {
    return new InformerOptions(
        namespaces,
        labelSelector,
        fieldSelector,
        listMode,
        pageSize,
        watchTimeout,
        defaultResyncPeriod,
        dropManagedFields,
        compact,
        size,
        initialBackoff,
        maxBackoff);
  }

  public InformerOptions withBackoff(Duration initial, Duration max) {
    return new InformerOptions(
        namespaces,
        labelSelector,
        fieldSelector,
        listMode,
        pageSize,
        watchTimeout,
        defaultResyncPeriod,
        dropManagedFields,
        compact,
        decodeCacheSize,
        initial,
        max);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
