package io.kubeloop.apiserver.admission;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The ordered plugins; mutating ones run first, each group in registration order. */
public final class AdmissionChain {

  private final List<AdmissionPlugin> plugins = new CopyOnWriteArrayList<>();

  public AdmissionChain add(AdmissionPlugin plugin) {
    plugins.add(plugin);
    return this;
  }

  /** Runs the mutating plugins. */
  public void mutate(AdmissionRequest request) {
    for (AdmissionPlugin p : plugins) {
      if (p.mutating()) {
        p.admit(request);
      }
    }
  }

  /** Runs the validating plugins. */
  public void validate(AdmissionRequest request) {
    for (AdmissionPlugin p : plugins) {
      if (!p.mutating()) {
        p.admit(request);
      }
    }
  }
}
