package io.kubeloop.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubeloop.informers.ResourceEventHandler;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one source's informer notifications into queue adds: filter with the source's predicate,
 * map to requests, enqueue. As in client-go's handlers it does nothing else, and never throws: a
 * predicate or mapper that throws drops that event and is logged.
 *
 * <p>Updates map both the old and the new object (an owner or a mapped relationship may just have
 * changed); duplicates are enqueued once. Deletes enqueue like any change, so the reconciler sees
 * the object gone.
 *
 * <p>Called by one informer handler thread at a time.
 */
final class SourceHandler<S extends HasMetadata> implements ResourceEventHandler<S> {

  private static final Logger log = LoggerFactory.getLogger(SourceHandler.class);

  private final String controller;
  private final Source<S> source;
  private final Consumer<Request> enqueue;

  SourceHandler(String controller, Source<S> source, Consumer<Request> enqueue) {
    this.controller = controller;
    this.source = source;
    this.enqueue = enqueue;
  }

  @Override
  public void onAdd(S obj, boolean isInInitialList) {
    try {
      if (source.predicate().create(obj)) {
        enqueueAll(source.mapper().map(obj));
      }
    } catch (RuntimeException e) {
      dropped("add", obj, e);
    }
  }

  @Override
  public void onUpdate(S oldObj, S newObj) {
    try {
      if (!source.predicate().update(oldObj, newObj)) {
        return;
      }
      Collection<Request> mappedNew = source.mapper().map(newObj);
      if (oldObj == newObj) {
        enqueueAll(mappedNew); // a resync: one object
        return;
      }
      Set<Request> all = new LinkedHashSet<>(source.mapper().map(oldObj));
      all.addAll(mappedNew);
      enqueueAll(all);
    } catch (RuntimeException e) {
      dropped("update", newObj, e);
    }
  }

  @Override
  public void onDelete(S obj, boolean deletedFinalStateUnknown) {
    try {
      if (source.predicate().delete(obj)) {
        enqueueAll(source.mapper().map(obj));
      }
    } catch (RuntimeException e) {
      dropped("delete", obj, e);
    }
  }

  /** Enqueues one request as it is; for adds reported by key. */
  void enqueue(Request request) {
    enqueue.accept(request);
  }

  private void enqueueAll(Collection<Request> requests) {
    if (requests == null) {
      return;
    }
    for (Request r : requests) {
      if (r != null) {
        enqueue.accept(r);
      }
    }
  }

  private void dropped(String event, S obj, RuntimeException e) {
    log.error(
        "controller {}: {} dropped the {} event of {}",
        controller,
        source.description(),
        event,
        obj == null || obj.getMetadata() == null ? "?" : Request.of(obj),
        e);
  }
}
