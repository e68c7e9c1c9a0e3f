package io.kubeloop.apiserver.registry;

import io.kubeloop.apiserver.watchcache.CachedObject;
import java.util.function.Predicate;

/**
 * What a list asks for.
 *
 * @param resourceVersion the resourceVersion parameter, "" if absent
 * @param resourceVersionMatch Exact, NotOlderThan, or "" if absent
 * @param limit the page size, 0 for everything
 * @param continueToken the continue parameter, "" if absent
 * @param filter label and field selectors combined
 * @param selective whether {@code filter} selects anything less than everything
 */
public record ListOptions(
    String resourceVersion,
    String resourceVersionMatch,
    long limit,
    String continueToken,
    Predicate<CachedObject> filter,
    boolean selective) {

  public static final ListOptions ALL = new ListOptions("", "", 0, "", o -> true, false);
}
