package io.kubeloop.apiserver.registry;

import io.kubeloop.apiserver.watchcache.CachedObject;
import java.util.List;

/**
 * One page of a list.
 *
 * @param items the objects, in key order
 * @param revision the list's resourceVersion; the same on every page of one listing
 * @param continueToken the token for the next page, "" on the last page
 * @param remainingItemCount how many objects follow this page, or null where kube omits it
 */
public record ListResult(
    List<CachedObject> items, long revision, String continueToken, Long remainingItemCount) {}
