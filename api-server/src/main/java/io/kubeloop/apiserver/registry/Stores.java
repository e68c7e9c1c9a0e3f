package io.kubeloop.apiserver.registry;

import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.GroupResource;
import io.kubeloop.apiserver.resource.ResourceRegistry;
import io.kubeloop.apiserver.resource.ResourceType;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The stores of all served resources, found by what a request path names. One store serves every
 * version of a resource.
 */
public final class Stores {

  private final ResourceRegistry registry;
  private final ConcurrentMap<GroupResource, ResourceStore> stores = new ConcurrentHashMap<>();

  public Stores(ResourceRegistry registry) {
    this.registry = registry;
  }

  public ResourceRegistry registry() {
    return registry;
  }

  public void add(ResourceStore store) {
    stores.put(store.type().groupResource(), store);
  }

  public Optional<ResourceStore> remove(GroupResource resource) {
    return Optional.ofNullable(stores.remove(resource));
  }

  /** The store serving {@code group/version/resource}, or 404 as kube answers unknown paths. */
  public ResourceStore find(String group, String version, String resource) {
    ResourceType type =
        registry.find(group, version, resource).orElseThrow(ApiException::notFoundPath);
    ResourceStore store = stores.get(type.groupResource());
    if (store == null) {
      throw ApiException.notFoundPath();
    }
    return store;
  }

  /** The store of a resource by group and plural, if served. */
  public Optional<ResourceStore> get(GroupResource resource) {
    return Optional.ofNullable(stores.get(resource));
  }

  public Collection<ResourceStore> all() {
    return stores.values();
  }
}
