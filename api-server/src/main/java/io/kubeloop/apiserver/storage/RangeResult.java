package io.kubeloop.apiserver.storage;

import java.util.List;

/**
 * A page of a range read.
 *
 * @param kvs the entries, in key order
 * @param revision the revision the read was served at; every page of one listing uses the same
 * @param remaining how many more keys match after this page (0 on the last page)
 */
public record RangeResult(List<KeyValue> kvs, long revision, long remaining) {

  public boolean more() {
    return remaining > 0;
  }
}
