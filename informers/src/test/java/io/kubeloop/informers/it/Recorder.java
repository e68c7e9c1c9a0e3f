package io.kubeloop.informers.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubeloop.informers.ResourceEventHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every notification a handler gets, as readable strings. */
class Recorder<T extends HasMetadata> implements ResourceEventHandler<T> {

  record Event<T>(String type, String key, String resourceVersion, boolean flag, T object) {
    @Override
    public String toString() {
      return type + " " + key + (flag ? " (flag)" : "");
    }
  }

  final List<Event<T>> events = new CopyOnWriteArrayList<>();

  static String key(HasMetadata o) {
    String ns = o.getMetadata().getNamespace();
    return (ns == null || ns.isEmpty() ? "" : ns + "/") + o.getMetadata().getName();
  }

  @Override
  public void onAdd(T obj, boolean isInInitialList) {
    events.add(
        new Event<>("add", key(obj), obj.getMetadata().getResourceVersion(), isInInitialList, obj));
  }

  @Override
  public void onUpdate(T oldObj, T newObj) {
    boolean resync =
        oldObj.getMetadata().getResourceVersion().equals(newObj.getMetadata().getResourceVersion());
    events.add(
        new Event<>(
            resync ? "resync" : "update",
            key(newObj),
            newObj.getMetadata().getResourceVersion(),
            false,
            newObj));
  }

  @Override
  public void onDelete(T obj, boolean deletedFinalStateUnknown) {
    events.add(
        new Event<>(
            "delete",
            key(obj),
            obj.getMetadata().getResourceVersion(),
            deletedFinalStateUnknown,
            obj));
  }

  List<String> summary() {
    return events.stream().map(Event::toString).toList();
  }

  long count(String type) {
    return events.stream().filter(e -> e.type().equals(type)).count();
  }
}
