package io.kubeloop.runtime;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What a {@link Reconciler} asks for once it has reconciled without an exception.
 *
 * <ul>
 *   <li>{@link #done()}: nothing more to do until the object (or something it watches) changes. The
 *       request's backoff is reset.
 *   <li>{@link #requeue()}: look again soon, after the controller's rate limiter's delay for this
 *       request (growing with each requeue in a row, as after an error), without counting as an
 *       error.
 *   <li>{@link #requeueAfter(Duration)}: look again after the given time on the manager's clock
 *       (e.g. a timeout or a schedule), backoff reset. A change of the object before then
 *       reconciles earlier, as always.
 * </ul>
 *
 * <p>To report a failure, throw: any exception is retried with backoff, a {@link TerminalException}
 * is not.
 */
public sealed interface Result permits Result.Done, Result.Requeue, Result.RequeueAfter {

  /** Nothing more to do. */
  static Result done() {
    return Done.INSTANCE;
  }

  /** Reconcile again after the rate limiter's delay. */
  static Result requeue() {
    return Requeue.INSTANCE;
  }

  /**
   * Reconcile again once {@code delay} has passed.
   *
   * @throws IllegalArgumentException if {@code delay} is not positive
   */
  static Result requeueAfter(Duration delay) {
    return new RequeueAfter(delay);
  }

  /** See {@link Result#done()}. */
  record Done() implements Result {
    static final Done INSTANCE = new Done();
  }

  /** See {@link Result#requeue()}. */
  record Requeue() implements Result {
    static final Requeue INSTANCE = new Requeue();
  }

  /**
   * See {@link Result#requeueAfter(Duration)}.
   *
   * @param delay how long to wait, positive
   */
  record RequeueAfter(Duration delay) implements Result {
    public RequeueAfter {
      requireNonNull(delay, "delay");
      if (delay.isNegative() || delay.isZero()) {
        throw new IllegalArgumentException(
            "requeueAfter needs a positive delay, got " + delay + " (use requeue() or done())");
      }
    }
  }
}
