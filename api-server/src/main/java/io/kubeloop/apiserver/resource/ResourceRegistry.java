package io.kubeloop.apiserver.resource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The set of served resources. Reads are lock-free over an immutable snapshot; additions and
 * removals (custom resources) replace the snapshot, so discovery and routing always see a
 * consistent set.
 */
public final class ResourceRegistry {

  private final ReentrantLock writeLock = new ReentrantLock();
  // Keyed by "group/version/plural"; insertion order is discovery order.
  private volatile Map<String, ResourceType> byPath = Map.of();

  private ResourceRegistry() {}

  /** A registry holding the built-in resources. */
  public static ResourceRegistry withBuiltins() {
    ResourceRegistry registry = new ResourceRegistry();
    BuiltinResources.all().forEach(registry::add);
    return registry;
  }

  /** Adds or replaces a resource. */
  public void add(ResourceType type) {
    writeLock.lock();
    try {
      Map<String, ResourceType> next = new LinkedHashMap<>(byPath);
      next.put(path(type.group(), type.version(), type.plural()), type);
      byPath = java.util.Collections.unmodifiableMap(next);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Replaces every version of a resource with {@code types} in one step, so requests never see the
   * resource missing in between. An unchanged set leaves the registry as it is.
   */
  public void replace(String group, String plural, List<ResourceType> types) {
    writeLock.lock();
    try {
      Map<String, ResourceType> next = new LinkedHashMap<>(byPath);
      next.values().removeIf(t -> t.group().equals(group) && t.plural().equals(plural));
      for (ResourceType type : types) {
        next.put(path(type.group(), type.version(), type.plural()), type);
      }
      if (!next.equals(byPath)) {
        byPath = java.util.Collections.unmodifiableMap(next);
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** Removes every version of a resource. */
  public void remove(String group, String plural) {
    writeLock.lock();
    try {
      Map<String, ResourceType> next = new LinkedHashMap<>(byPath);
      next.values().removeIf(t -> t.group().equals(group) && t.plural().equals(plural));
      byPath = java.util.Collections.unmodifiableMap(next);
    } finally {
      writeLock.unlock();
    }
  }

  public Optional<ResourceType> find(String group, String version, String plural) {
    return Optional.ofNullable(byPath.get(path(group, version, plural)));
  }

  /** Every served resource, in registration order. */
  public Collection<ResourceType> all() {
    return byPath.values();
  }

  /** The served versions of a group, in registration order, or empty if the group is unknown. */
  public List<String> versions(String group) {
    List<String> versions = new ArrayList<>();
    for (ResourceType t : byPath.values()) {
      if (t.group().equals(group) && !versions.contains(t.version())) {
        versions.add(t.version());
      }
    }
    return versions;
  }

  /** The groups served, core ("") first, in registration order. */
  public List<String> groups() {
    List<String> groups = new ArrayList<>();
    for (ResourceType t : byPath.values()) {
      if (!groups.contains(t.group())) {
        groups.add(t.group());
      }
    }
    return groups;
  }

  /** The resources of one group version. */
  public List<ResourceType> resources(String group, String version) {
    return byPath.values().stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version))
        .toList();
  }

  private static String path(String group, String version, String plural) {
    return group + "/" + version + "/" + plural;
  }
}
