package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.concurrent.CompletableFuture;

/** Binds through the {@code pods/binding} subresource, as kube's {@code DefaultBinder}. */
final class DefaultBinder implements BindPlugin {

  static final String NAME = "DefaultBinder";

  private final ApiCalls api;

  DefaultBinder(ApiCalls api) {
    this.api = api;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompletableFuture<Status> bind(Pod pod, String nodeName) {
    return api.bind(pod, nodeName)
        .thenApply(o -> o.ok() ? Status.SUCCESS : Status.error(o.message()).withPlugin(NAME));
  }
}
