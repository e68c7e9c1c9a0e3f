package io.kubeloop.informers.it;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.kubeloop.informers.ResourceEventHandler;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Rebuilds the cache from notifications alone: if the informer's notifications are complete and
 * ordered, this mirror ends equal to the cache.
 */
final class MirrorHandler implements ResourceEventHandler<ConfigMap> {

  private final Map<String, String> state = new ConcurrentSkipListMap<>();

  @Override
  public void onAdd(ConfigMap obj, boolean initial) {
    state.put(Recorder.key(obj), obj.getMetadata().getResourceVersion());
  }

  @Override
  public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
    state.put(Recorder.key(newObj), newObj.getMetadata().getResourceVersion());
  }

  @Override
  public void onDelete(ConfigMap obj, boolean unknown) {
    state.remove(Recorder.key(obj));
  }

  Map<String, String> state() {
    return new TreeMap<>(state);
  }
}
