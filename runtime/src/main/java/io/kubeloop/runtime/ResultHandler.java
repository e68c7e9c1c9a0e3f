package io.kubeloop.runtime;

import io.kubeloop.workqueue.RateLimitingQueue;

/**
 * The one place where a reconcile's outcome becomes queue calls (controller-runtime's {@code
 * reconcileHandler} switch):
 *
 * <pre>
 *   outcome                         queue calls                      Outcome
 *   exception (not terminal)        addRateLimited(request)          ERROR
 *   TerminalException (any cause)   forget(request)                  TERMINAL_ERROR
 *   null result                     addRateLimited(request)          ERROR (a reconciler bug)
 *   requeueAfter(d)                 forget(request); addAfter(d)     REQUEUE_AFTER
 *   requeue()                       addRateLimited(request)          REQUEUE
 *   done()                          forget(request)                  SUCCESS
 * </pre>
 *
 * <p>{@code done(request)} is the worker's job, always, after this. Stateless; thread-safe.
 */
final class ResultHandler {

  private ResultHandler() {}

  /**
   * Applies the outcome of reconciling {@code request} to {@code queue}.
   *
   * @param result what the reconciler returned; ignored when {@code error} is not null
   * @param error what the reconciler threw, or null
   */
  static Outcome apply(
      RateLimitingQueue<Request> queue, Request request, Result result, Throwable error) {
    if (error != null) {
      if (TerminalException.isTerminal(error)) {
        // retrying cannot help; reset the backoff so the next real change starts afresh
        queue.forget(request);
        return Outcome.TERMINAL_ERROR;
      }
      queue.addRateLimited(request);
      return Outcome.ERROR;
    }
    return switch (result) {
      case null -> {
        queue.addRateLimited(request);
        yield Outcome.ERROR;
      }
      case Result.RequeueAfter after -> {
        // a scheduled look is not a failure: the next error starts from the base delay
        queue.forget(request);
        queue.addAfter(request, after.delay());
        yield Outcome.REQUEUE_AFTER;
      }
      case Result.Requeue requeue -> {
        queue.addRateLimited(request);
        yield Outcome.REQUEUE;
      }
      case Result.Done done -> {
        queue.forget(request);
        yield Outcome.SUCCESS;
      }
    };
  }
}
