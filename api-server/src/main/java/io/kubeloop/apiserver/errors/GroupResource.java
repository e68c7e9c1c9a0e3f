package io.kubeloop.apiserver.errors;

import java.util.Objects;

/**
 * A resource within an API group, written as Kubernetes writes it in messages: {@code pods} for the
 * core group, {@code deployments.apps} otherwise.
 */
public record GroupResource(String group, String resource) {

  public GroupResource {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(resource, "resource");
  }

  public static GroupResource core(String resource) {
    return new GroupResource("", resource);
  }

  @Override
  public String toString() {
    return group.isEmpty() ? resource : resource + "." + group;
  }
}
