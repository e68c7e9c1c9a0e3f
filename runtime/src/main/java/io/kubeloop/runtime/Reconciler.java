package io.kubeloop.runtime;

/**
 * Brings the world in line with one primary object: controller-runtime's {@code
 * reconcile.Reconciler}.
 *
 * <p>Called by a controller's workers with the namespace and name of an object that changed, or
 * whose secondaries changed, or that asked to be looked at again. Read the current state from the
 * manager's listers ({@link Manager#lister(Class)}, the informer cache) or from the client; the
 * object may have been deleted, which a reconciler sees as its absence from the lister.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>The same request is never reconciled by two workers at once; different requests may be, on
 *       up to {@code workers(n)} threads (virtual threads).
 *   <li>Return {@link Result#done()}, {@link Result#requeue()} or {@link Result#requeueAfter};
 *       throw to fail. Any exception is logged and retried with the controller's rate limiter; a
 *       {@link TerminalException} is logged and not retried.
 *   <li>Be idempotent: a request may be delivered again for the same state (resyncs, restarts, a
 *       new leader).
 *   <li>Respond to interruption: at shutdown, a reconcile still running after the grace period is
 *       interrupted.
 * </ul>
 *
 * @param <T> the controller's primary type
 */
@FunctionalInterface
public interface Reconciler<T> {

  /**
   * Reconciles the object named by {@code request}.
   *
   * @return what to do next
   * @throws Exception on failure; retried with backoff unless it is a {@link TerminalException}
   */
  Result reconcile(Request request) throws Exception;
}
