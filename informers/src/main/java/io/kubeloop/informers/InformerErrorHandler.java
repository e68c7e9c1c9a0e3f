package io.kubeloop.informers;

/**
 * Told about every error an informer meets (list and watch failures with the retry delay, handler
 * exceptions). Called on the informer's threads: return quickly, do not throw. The default logs.
 */
@FunctionalInterface
public interface InformerErrorHandler {

  void onError(InformerError error);
}
