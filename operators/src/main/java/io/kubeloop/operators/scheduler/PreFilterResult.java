package io.kubeloop.operators.scheduler;

import java.util.Set;

/**
 * What a PreFilter plugin returns: a status and, optionally, the only nodes worth filtering (kube's
 * {@code PreFilterResult}, e.g. NodeAffinity when the pod names its nodes by {@code
 * metadata.name}).
 *
 * @param status success, skip (the plugin's Filter need not run), or a rejection for every node
 * @param nodeNames the nodes the pod can go to at most, or null for all of them
 */
record PreFilterResult(Status status, Set<String> nodeNames) {

  static final PreFilterResult SUCCESS = new PreFilterResult(Status.SUCCESS, null);
  static final PreFilterResult SKIP = new PreFilterResult(Status.SKIP, null);

  PreFilterResult {
    nodeNames = nodeNames == null ? null : Set.copyOf(nodeNames);
  }

  static PreFilterResult of(Status status) {
    return new PreFilterResult(status, null);
  }

  static PreFilterResult nodes(Set<String> names) {
    return new PreFilterResult(Status.SUCCESS, names);
  }
}
