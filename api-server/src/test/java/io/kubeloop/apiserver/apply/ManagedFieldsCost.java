package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.admission.AdmissionChain;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.registry.BuiltinPolicies;
import io.kubeloop.apiserver.registry.ResourceStore;
import io.kubeloop.apiserver.registry.StoredObjectDecoder;
import io.kubeloop.apiserver.registry.WriteOptions;
import io.kubeloop.apiserver.resource.ResourceRegistry;
import io.kubeloop.apiserver.resource.ResourceType;
import io.kubeloop.apiserver.storage.MemoryStorage;
import io.kubeloop.apiserver.watchcache.WatchCache;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What managedFields tracking costs a create: a micro-loop of {@link ResourceStore#create} on
 * memory storage beside a loop of the tracking step alone ({@link FieldManager#update}) on the same
 * objects, and the stored size with and without the record. Not a test: run its {@code main} (see
 * docs/apply.md); the ratio, not the absolute time, is the figure.
 */
public final class ManagedFieldsCost {

  private ManagedFieldsCost() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    ResourceType type =
        ResourceRegistry.withBuiltins().find("apps", "v1", "deployments").orElseThrow();
    FieldManager fields = FieldManager.forBuiltin(type.javaType(), "apps/v1", "Deployment", true);
    for (int round = 0; round < rounds; round++) {
      MemoryStorage storage = MemoryStorage.create();
      StoredObjectDecoder decoder = new StoredObjectDecoder(o -> Map.of());
      WatchCache cache = WatchCache.start(storage, type.keyPrefix(), decoder, 1000);
      ResourceStore store =
          new ResourceStore(
              type,
              storage,
              cache,
              decoder,
              BuiltinPolicies.forType(type),
              new AdmissionChain(),
              Clock.systemUTC());
      List<ObjectNode> bodies = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        bodies.add(deployment("web-" + i));
      }
      long start = cpu();
      List<ObjectNode> created = new ArrayList<>(n);
      for (ObjectNode body : bodies) {
        created.add(
            store.create("default", body, new WriteOptions(false, "kubectl-create")).object());
      }
      long createNanos = cpu() - start;

      long withBytes = 0;
      long withoutBytes = 0;
      List<ObjectNode> untracked = new ArrayList<>(n);
      for (ObjectNode object : created) {
        withBytes += Json.write(object).length;
        ObjectNode copy = object.deepCopy();
        ((ObjectNode) copy.get("metadata")).remove("managedFields");
        withoutBytes += Json.write(copy).length;
        untracked.add(copy);
      }
      // the tracking step alone, best of three passes over fresh copies
      Instant now = Instant.now();
      long trackNanos = Long.MAX_VALUE;
      for (int pass = 0; pass < 3; pass++) {
        List<ObjectNode> fresh = new ArrayList<>(n);
        untracked.forEach(o -> fresh.add(o.deepCopy()));
        start = cpu();
        for (ObjectNode object : fresh) {
          fields.update(null, object, "kubectl-create", "", now);
        }
        trackNanos = Math.min(trackNanos, cpu() - start);
      }
      // an update that changes one field of a tracked object, best of three passes
      long updateNanos = Long.MAX_VALUE;
      for (int pass = 0; pass < 3; pass++) {
        List<ObjectNode> next = new ArrayList<>(n);
        for (ObjectNode object : created) {
          ObjectNode changed = object.deepCopy();
          ((ObjectNode) changed.get("spec")).put("replicas", 2 + pass);
          next.add(changed);
        }
        start = cpu();
        for (int i = 0; i < n; i++) {
          fields.update(created.get(i), next.get(i), "kubectl-scale", "", now);
        }
        updateNanos = Math.min(updateNanos, cpu() - start);
      }
      cache.close();
      System.out.printf(
          "round %d: create %.1f us/object (thread CPU time), tracking alone %.1f us/object (%.0f%% of create);"
              + " tracking an update alone %.1f us/object;"
              + " stored %d bytes/object with managedFields, %d without%n",
          round,
          createNanos / 1e3 / n,
          trackNanos / 1e3 / n,
          100.0 * trackNanos / createNanos,
          updateNanos / 1e3 / n,
          withBytes / n,
          withoutBytes / n);
    }
  }

  /** CPU time of this thread: the machine is shared, wall time is not this loop's. */
  private static long cpu() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  private static ObjectNode deployment(String name) {
    return Docs.obj(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
          labels: {app: %s}
        spec:
          replicas: 1
          selector: {matchLabels: {app: %s}}
          template:
            metadata:
              labels: {app: %s}
            spec:
              containers:
              - name: web
                image: nginx
                ports: [{containerPort: 80}]
                env: [{name: A, value: '1'}]
        """
            .formatted(name, name, name, name));
  }
}
