package io.kubeloop.informers;

/** What a handler's queue holds: changes as stored entries, decoded only when delivered. */
sealed interface Notification {

  record Added(Entry entry, boolean initial) implements Notification {}

  /** Also a resync, with {@code old == now}. */
  record Updated(Entry old, Entry now) implements Notification {}

  record Deleted(Entry entry, boolean finalStateUnknown) implements Notification {}

  /** Every notification of the initial state is before this one. */
  record Synced() implements Notification {}

  Synced SYNCED = new Synced();
}
