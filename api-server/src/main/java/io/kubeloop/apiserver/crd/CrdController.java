package io.kubeloop.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.GroupResource;
import io.kubeloop.apiserver.registry.DeleteOptions;
import io.kubeloop.apiserver.registry.ListOptions;
import io.kubeloop.apiserver.registry.ObjectPolicy;
import io.kubeloop.apiserver.registry.ResourceStore;
import io.kubeloop.apiserver.registry.Stores;
import io.kubeloop.apiserver.registry.WriteOptions;
import io.kubeloop.apiserver.resource.ResourceType;
import io.kubeloop.apiserver.watchcache.CacheEvent;
import io.kubeloop.apiserver.watchcache.CacheWatch;
import io.kubeloop.apiserver.watchcache.CachedObject;
import io.kubeloop.apiserver.watchcache.WatchCache;
import io.kubeloop.apiserver.watchcache.WatchSink;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves what CustomResourceDefinitions declare, the way kube-apiserver's apiextensions controllers
 * do: a new or changed CRD has its names checked for conflicts, its served versions registered
 * (routing and discovery) with one store per resource, and its status set (acceptedNames,
 * NamesAccepted, Established, storedVersions). A deleted CRD is Terminating until its custom
 * resources are gone; then its finalizer is removed and it stops being served.
 *
 * <p>CRD changes are handled one at a time, in order, on one thread.
 */
public final class CrdController implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CrdController.class);
  private static final long CLEANUP_RETRY_MILLIS = 500;

  private final Stores stores;
  private final ResourceStore crds;
  private final CustomResourceStores factory;
  private final InstantSource clock;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofVirtual().name("crd-controller").factory());
  // CRD name -> the resource it serves; touched on the worker thread only
  private final Map<String, GroupResource> served = new ConcurrentHashMap<>();
  private final Set<GroupResource> terminating = ConcurrentHashMap.newKeySet();
  private volatile CacheWatch watch;

  /** Creates custom resource stores for a CRD. */
  public interface CustomResourceStores {
    /** A store for the storage version of {@code crd}'s resource. */
    ResourceStore create(ResourceType storageType, JsonNode crd);

    /** The policy (schemas by version) of {@code crd}, to refresh a store after an update. */
    ObjectPolicy policy(JsonNode crd);

    /** Forgets what {@link #create} registered for a resource no longer served. */
    void release(GroupResource resource);
  }

  public CrdController(
      Stores stores, ResourceStore crds, CustomResourceStores factory, InstantSource clock) {
    this.stores = stores;
    this.crds = crds;
    this.factory = factory;
    this.clock = clock;
  }

  /** Starts following CRDs; existing ones are served before this returns. */
  public void start() {
    List<CacheEvent> initial = new ArrayList<>();
    WatchSink sink =
        new WatchSink() {
          @Override
          public boolean accept(CacheEvent event) {
            if (event.object() != null) {
              worker.execute(() -> handle(event));
            }
            return true;
          }

          @Override
          public void closed(boolean expired) {}
        };
    watch =
        crds.cache()
            .watch(
                crds.type().keyPrefix(), o -> true, new WatchCache.Start.CurrentState(false), sink)
            .orElseThrow();
    // wait until the CRDs present at start are served
    try {
      worker.submit(() -> {}).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("serving existing custom resource definitions failed", e);
    }
  }

  /** Whether creates of {@code resource} are refused because its CRD is being deleted. */
  public boolean isTerminating(GroupResource resource) {
    return terminating.contains(resource);
  }

  @Override
  public void close() {
    CacheWatch w = watch;
    if (w != null) {
      w.close();
    }
    worker.shutdownNow();
  }

  private void handle(CacheEvent event) {
    try {
      ObjectNode crd = Json.readStored(event.object().json());
      String name = crd.path("metadata").path("name").asText();
      if (event.type() == CacheEvent.Type.DELETED) {
        unserve(name);
      } else if (!crd.path("metadata").path("deletionTimestamp").asText("").isEmpty()) {
        cleanUp(name);
      } else {
        serve(crd);
      }
    } catch (RuntimeException e) {
      LOG.error("handling custom resource definition failed", e);
    }
  }

  // ---------------------------------------------------------------- serving

  private void serve(ObjectNode crd) {
    String name = crd.path("metadata").path("name").asText();
    JsonNode spec = crd.path("spec");
    String group = spec.path("group").asText();
    JsonNode names = spec.path("names");
    String plural = names.path("plural").asText();
    GroupResource resource = new GroupResource(group, plural);
    Optional<String> conflict = conflict(name, resource, names);
    if (conflict.isPresent()) {
      writeStatus(name, crd, false, conflict.get());
      return;
    }
    String storageVersion = CrdPolicy.storageVersion(crd);
    ResourceType storageType = typeFor(crd, storageVersion);
    ResourceStore store = stores.get(resource).orElse(null);
    if (store == null || !sameShape(store.type(), storageType)) {
      if (store != null) {
        stores.remove(resource);
        store.cache().close();
      }
      store = factory.create(storageType, crd);
      stores.add(store);
    } else {
      store.setPolicy(factory.policy(crd));
    }
    served.put(name, resource);
    List<ResourceType> versions = new ArrayList<>();
    for (JsonNode version : spec.path("versions")) {
      if (version.path("served").asBoolean(false)) {
        versions.add(typeFor(crd, version.path("name").asText()));
      }
    }
    stores.registry().replace(group, plural, versions);
    writeStatus(name, crd, true, null);
  }

  private static boolean sameShape(ResourceType a, ResourceType b) {
    return a.version().equals(b.version())
        && a.namespaced() == b.namespaced()
        && a.kind().equals(b.kind());
  }

  /** A conflict of {@code names} with a built-in resource or another CRD's accepted names. */
  private Optional<String> conflict(String crdName, GroupResource resource, JsonNode names) {
    Set<String> wanted = new HashSet<>();
    wanted.add(names.path("plural").asText());
    wanted.add(names.path("singular").asText());
    names.path("shortNames").forEach(n -> wanted.add(n.asText()));
    String kind = names.path("kind").asText();
    GroupResource ours = served.get(crdName);
    for (ResourceType other : stores.registry().all()) {
      GroupResource otherResource = other.groupResource();
      if (!other.group().equals(resource.group()) || otherResource.equals(ours)) {
        continue;
      }
      if (otherResource.equals(resource)) {
        return Optional.of("\"" + resource.resource() + "\" is already in use");
      }
      if (wanted.contains(other.plural())
          || wanted.contains(other.singular())
          || other.shortNames().stream().anyMatch(wanted::contains)) {
        return Optional.of(
            "a name of \"" + crdName + "\" is already in use by \"" + otherResource + "\"");
      }
      if (other.kind().equals(kind)) {
        return Optional.of("\"" + kind + "\" is already in use");
      }
    }
    return Optional.empty();
  }

  private static ResourceType typeFor(JsonNode crd, String version) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    JsonNode versionSpec = null;
    for (JsonNode v : spec.path("versions")) {
      if (v.path("name").asText().equals(version)) {
        versionSpec = v;
      }
    }
    JsonNode subresources = versionSpec == null ? null : versionSpec.path("subresources");
    Set<String> subs = new HashSet<>();
    ResourceType.ScalePaths scale = null;
    if (subresources != null && subresources.has("status")) {
      subs.add("status");
    }
    if (subresources != null && subresources.has("scale")) {
      subs.add("scale");
      JsonNode s = subresources.get("scale");
      scale =
          new ResourceType.ScalePaths(
              s.path("specReplicasPath").asText(".spec.replicas"),
              s.path("statusReplicasPath").asText(".status.replicas"),
              s.hasNonNull("labelSelectorPath") ? s.get("labelSelectorPath").asText() : "");
    }
    return new ResourceType(
        spec.path("group").asText(),
        version,
        names.path("plural").asText(),
        names.path("singular").asText(),
        names.path("kind").asText(),
        spec.path("scope").asText("Namespaced").equals("Namespaced"),
        strings(names.path("shortNames")),
        strings(names.path("categories")),
        subs,
        null,
        scale,
        versionSpec == null ? null : versionSpec.path("additionalPrinterColumns").deepCopy());
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  // ---------------------------------------------------------------- status

  private void writeStatus(String name, ObjectNode crd, boolean accepted, String conflict) {
    ObjectNode wanted = crd.deepCopy();
    ObjectNode status = wanted.withObject("status");
    if (accepted) {
      status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
    }
    ArrayNode conditions = status.withArray("conditions");
    setCondition(
        conditions,
        "NamesAccepted",
        accepted ? "True" : "False",
        accepted ? "NoConflicts" : "NameConflict",
        accepted ? "no conflicts found" : conflict);
    setCondition(
        conditions,
        "Established",
        accepted ? "True" : "False",
        accepted ? "InitialNamesAccepted" : "NotAccepted",
        accepted ? "the initial names have been accepted" : "not all names are accepted");
    ArrayNode stored = status.withArray("storedVersions");
    String storage = CrdPolicy.storageVersion(crd);
    boolean present = false;
    for (JsonNode v : stored) {
      present |= v.asText().equals(storage);
    }
    if (!present && storage != null) {
      stored.add(storage);
    }
    if (wanted.path("status").equals(crd.path("status"))) {
      return;
    }
    try {
      crds.patch(
          "",
          name,
          "status",
          current -> {
            current.set("status", status);
            return current;
          },
          null,
          WriteOptions.DEFAULT);
    } catch (ApiException e) {
      if (e.code() != 404) {
        LOG.warn(
            "updating the status of custom resource definition {} failed: {}",
            name,
            e.getMessage());
      }
    }
  }

  /** Sets a condition, keeping its lastTransitionTime when the status does not change. */
  private void setCondition(
      ArrayNode conditions, String type, String status, String reason, String message) {
    ObjectNode condition = null;
    for (JsonNode c : conditions) {
      if (type.equals(c.path("type").asText())) {
        condition = (ObjectNode) c;
      }
    }
    if (condition == null) {
      condition = conditions.addObject();
      condition.put("type", type);
    }
    if (!status.equals(condition.path("status").asText())) {
      condition.put("lastTransitionTime", now());
    }
    condition.put("status", status);
    condition.put("reason", reason);
    condition.put("message", message);
  }

  private String now() {
    return DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }

  // ---------------------------------------------------------------- deletion

  /** Deletes every custom resource of a Terminating CRD, then lets the CRD go. */
  private void cleanUp(String name) {
    GroupResource resource = served.get(name);
    ResourceStore store = resource == null ? null : stores.get(resource).orElse(null);
    if (store != null) {
      terminating.add(resource);
      markTerminating(name);
      List<CachedObject> remaining = store.reader().list("", ListOptions.ALL).items();
      for (CachedObject object : remaining) {
        try {
          if (!Json.readStored(object.json()).path("metadata").has("deletionTimestamp")) {
            store.delete(object.namespace(), object.name(), DeleteOptions.DEFAULT);
          }
        } catch (ApiException e) {
          if (e.code() != 404) {
            LOG.warn("deleting {}/{} failed: {}", resource, object.name(), e.getMessage());
          }
        }
      }
      if (!store.reader().list("", ListOptions.ALL).items().isEmpty()) {
        // finalizers of custom resources hold the CRD; look again shortly
        worker.schedule(() -> cleanUp(name), CLEANUP_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        return;
      }
    }
    unserve(name);
    try {
      crds.patch(
          "",
          name,
          "",
          current -> {
            ArrayNode finalizers = current.withObject("metadata").withArray("finalizers");
            for (int i = finalizers.size() - 1; i >= 0; i--) {
              if (CrdPolicy.CLEANUP_FINALIZER.equals(finalizers.get(i).asText())) {
                finalizers.remove(i);
              }
            }
            return current;
          },
          null,
          WriteOptions.DEFAULT);
    } catch (ApiException e) {
      if (e.code() != 404) {
        LOG.warn("finalizing custom resource definition {} failed: {}", name, e.getMessage());
      }
    }
  }

  private void markTerminating(String name) {
    try {
      crds.patch(
          "",
          name,
          "status",
          current -> {
            ArrayNode conditions = current.withObject("status").withArray("conditions");
            setCondition(
                conditions,
                "Terminating",
                "True",
                "InstanceDeletionInProgress",
                "CustomResource deletion is in progress");
            return current;
          },
          null,
          WriteOptions.DEFAULT);
    } catch (ApiException e) {
      if (e.code() != 404) {
        LOG.warn(
            "marking custom resource definition {} terminating failed: {}", name, e.getMessage());
      }
    }
  }

  private void unserve(String name) {
    GroupResource resource = served.remove(name);
    if (resource == null) {
      return;
    }
    stores.registry().remove(resource.group(), resource.resource());
    stores.remove(resource).ifPresent(s -> s.cache().close());
    factory.release(resource);
    terminating.remove(resource);
  }

  /** For tests and diagnostics: the resources currently served for CRDs. */
  Map<String, GroupResource> served() {
    return Map.copyOf(served);
  }
}
