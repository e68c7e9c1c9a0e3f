package io.kubeloop.runtime;

import java.util.Collection;

/**
 * Maps an object of a watched type to the primary objects to reconcile because of it
 * (controller-runtime's {@code handler.MapFunc}, used by {@link ControllerBuilder#watches}).
 *
 * <p>For an update the controller maps both the old and the new object, so a request whose
 * relationship just ended is reconciled too. Runs on the informer's handler thread for the watched
 * type: it must be quick, must not block on the API server (read listers instead) and should not
 * throw (an exception drops the event and is logged).
 *
 * @param <S> the watched type
 */
@FunctionalInterface
public interface RequestMapper<S> {

  /** The requests to enqueue because {@code object} was added, changed or deleted; may be empty. */
  Collection<Request> map(S object);
}
