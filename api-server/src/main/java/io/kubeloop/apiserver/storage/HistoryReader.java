package io.kubeloop.apiserver.storage;

import java.util.List;

/** Reads committed events back from a store's history, for a watch that starts in the past. */
@FunctionalInterface
interface HistoryReader {

  /**
   * The events with a revision in {@code (after, upTo]} whose key starts with {@code prefix}, in
   * revision order. Every revision up to {@code upTo} is committed when this is called.
   *
   * @throws CompactedException if events after {@code after} are no longer kept
   */
  List<Event> read(String prefix, long after, long upTo);
}
