package io.kubeloop.runtime;

/**
 * How one reconcile ended, as {@link ResultHandler} decided. {@link #label()} is the {@code result}
 * label of {@code controller_runtime_reconcile_total} (terminal errors count as {@code error} there
 * and also in their own counter, as in controller-runtime).
 */
enum Outcome {
  SUCCESS("success"),
  REQUEUE("requeue"),
  REQUEUE_AFTER("requeue_after"),
  ERROR("error"),
  TERMINAL_ERROR("error");

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  boolean isError() {
    return this == ERROR || this == TERMINAL_ERROR;
  }
}
