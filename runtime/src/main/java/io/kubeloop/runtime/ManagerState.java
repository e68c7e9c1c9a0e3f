package io.kubeloop.runtime;

/**
 * A manager's lifecycle: NEW → STARTING → RUNNING → STOPPING → STOPPED, or NEW → STOPPED.
 * Leadership is tracked beside it: a RUNNING manager may be a standby, a leader, or one that lost
 * its lease.
 */
enum ManagerState {
  NEW,
  STARTING,
  RUNNING,
  STOPPING,
  STOPPED
}
