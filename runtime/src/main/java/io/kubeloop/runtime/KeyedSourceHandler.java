package io.kubeloop.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubeloop.informers.AddKeyHandler;

/**
 * The handler of a source whose adds need no object ({@link Source#addsByKey()}: the primary type
 * without predicates): the informer reports added objects by key, so a sync of many objects decodes
 * none of them for the controller; updates and deletes go to the full {@link SourceHandler}. Called
 * by one informer handler thread at a time.
 */
final class KeyedSourceHandler<S extends HasMetadata> implements AddKeyHandler<S> {

  private final SourceHandler<S> handler;

  KeyedSourceHandler(SourceHandler<S> handler) {
    this.handler = handler;
  }

  @Override
  public void onAddKey(String namespace, String name, boolean isInInitialList) {
    handler.enqueue(new Request(namespace, name));
  }

  @Override
  public void onAdd(S obj, boolean isInInitialList) {
    handler.onAdd(obj, isInInitialList);
  }

  @Override
  public void onUpdate(S oldObj, S newObj) {
    handler.onUpdate(oldObj, newObj);
  }

  @Override
  public void onDelete(S obj, boolean deletedFinalStateUnknown) {
    handler.onDelete(obj, deletedFinalStateUnknown);
  }
}
