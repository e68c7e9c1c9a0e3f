package io.kubeloop.runtime;

/**
 * Thrown by a {@link Reconciler} for a failure that retrying cannot fix (an invalid spec, a
 * reference to something that will never exist): controller-runtime's {@code TerminalError}.
 *
 * <p>The controller logs it, counts it in {@code controller_runtime_reconcile_errors_total} and
 * {@code controller_runtime_terminal_reconcile_errors_total}, forgets the request's backoff and
 * does not requeue it. The next change of the object reconciles it again. A terminal exception
 * anywhere in the cause chain of the thrown exception counts.
 */
public class TerminalException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TerminalException(String message) {
    super(message);
  }

  public TerminalException(String message, Throwable cause) {
    super(message, cause);
  }

  public TerminalException(Throwable cause) {
    super(cause);
  }

  /** Whether {@code error} or one of its causes is a {@link TerminalException}. */
  static boolean isTerminal(Throwable error) {
    // bounded walk: a cause chain with a cycle must not hang a worker
    Throwable t = error;
    for (int depth = 0; t != null && depth < 64; depth++, t = t.getCause()) {
      if (t instanceof TerminalException) {
        return true;
      }
    }
    return false;
  }
}
