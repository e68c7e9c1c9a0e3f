package io.kubeloop.operators.scheduler;

import java.util.List;

/**
 * The result of running a plugin (kube's {@code framework.Status}): a code that decides what
 * happens next, the reasons shown to users, and the plugin that returned it. Plugins return
 * statuses instead of throwing.
 *
 * @param code what happened
 * @param reasons why, each one line such as {@code "Insufficient cpu"}
 * @param plugin the plugin that returned it, filled in by the framework; empty if none
 */
record Status(Code code, List<String> reasons, String plugin) {

  /** What a plugin's answer means for the pod. */
  enum Code {
    /** The plugin is satisfied. */
    SUCCESS,
    /** The node does not fit now, but might after the cluster changes (e.g. pods finish). */
    UNSCHEDULABLE,
    /** The node does not fit and nothing short of changing the node or pod would help. */
    UNSCHEDULABLE_AND_UNRESOLVABLE,
    /** Something went wrong; the pod is retried with backoff. */
    ERROR,
    /** From PreFilter or PreScore: this plugin has nothing to check or score for this pod. */
    SKIP
  }

  static final Status SUCCESS = new Status(Code.SUCCESS, List.of(), "");
  static final Status SKIP = new Status(Code.SKIP, List.of(), "");

  Status {
    reasons = List.copyOf(reasons);
  }

  static Status unschedulable(String... reasons) {
    return new Status(Code.UNSCHEDULABLE, List.of(reasons), "");
  }

  static Status unresolvable(String... reasons) {
    return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reasons), "");
  }

  static Status error(String message) {
    return new Status(Code.ERROR, List.of(message), "");
  }

  static Status error(Throwable e) {
    return error(e.getMessage() == null ? e.toString() : e.getMessage());
  }

  Status withPlugin(String name) {
    return name.equals(plugin) ? this : new Status(code, reasons, name);
  }

  boolean isSuccess() {
    return code == Code.SUCCESS;
  }

  boolean isSkip() {
    return code == Code.SKIP;
  }

  /** Unschedulable or unschedulable-and-unresolvable: the pod was turned down, not failed. */
  boolean isRejected() {
    return code == Code.UNSCHEDULABLE || code == Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
  }

  /** The reasons joined with ", ", as kube's {@code Status.Message()}. */
  String message() {
    return String.join(", ", reasons);
  }
}
