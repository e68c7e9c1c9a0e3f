package io.kubeloop.apiserver.apply;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeDaemonEndpoints;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON of a new, empty Go object of a built-in kind — what kube compares a created object with.
 * Go always writes struct-valued fields ({@code "spec": {}}) and lists without {@code omitempty}
 * ({@code "containers": null}); other fields are left out. The difference shows in the creator's
 * managedFields: fields of such structs are added, but the structs themselves are not, so {@code
 * f:spec} carries no {@code ".": {}}, while a map such as {@code f:labels} does.
 *
 * <p>Computed once per class; the trees are shared and must not be modified. Thread-safe.
 */
final class ZeroObjects {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> OBJECT = List.of("metadata", "spec", "status");

  /** Struct-valued fields (Go value structs) of the served kinds and what they hold. */
  private static final Map<Class<?>, List<String>> STRUCTS =
      Map.ofEntries(
          Map.entry(Pod.class, OBJECT),
          Map.entry(Node.class, OBJECT),
          Map.entry(Namespace.class, OBJECT),
          Map.entry(Service.class, OBJECT),
          Map.entry(Deployment.class, OBJECT),
          Map.entry(ReplicaSet.class, OBJECT),
          Map.entry(CustomResourceDefinition.class, OBJECT),
          Map.entry(ConfigMap.class, List.of("metadata")),
          Map.entry(Secret.class, List.of("metadata")),
          Map.entry(ServiceAccount.class, List.of("metadata")),
          Map.entry(Lease.class, List.of("metadata", "spec")),
          Map.entry(Event.class, List.of("metadata", "involvedObject", "source")),
          Map.entry(
              io.fabric8.kubernetes.api.model.events.v1.Event.class,
              List.of("metadata", "deprecatedSource")),
          Map.entry(PodTemplateSpec.class, List.of("metadata", "spec")),
          Map.entry(DeploymentSpec.class, List.of("template", "strategy")),
          Map.entry(ReplicaSetSpec.class, List.of("template")),
          Map.entry(Container.class, List.of("resources")),
          Map.entry(EphemeralContainer.class, List.of("resources")),
          Map.entry(ServiceStatus.class, List.of("loadBalancer")),
          Map.entry(NodeStatus.class, List.of("daemonEndpoints", "nodeInfo")),
          Map.entry(NodeDaemonEndpoints.class, List.of("kubeletEndpoint")),
          Map.entry(CustomResourceDefinitionSpec.class, List.of("names")),
          Map.entry(CustomResourceDefinitionStatus.class, List.of("acceptedNames")));

  /** Lists Go writes as {@code null} in an empty object (no {@code omitempty}). */
  private static final Map<Class<?>, List<String>> NULL_LISTS =
      Map.of(
          PodSpec.class, List.of("containers"),
          CustomResourceDefinitionSpec.class, List.of("versions"));

  private static final Map<Class<?>, ObjectNode> CACHE = new ConcurrentHashMap<>();

  private ZeroObjects() {}

  /** The empty object of a built-in kind; shared, never modify it. */
  static ObjectNode of(Class<?> type) {
    return CACHE.computeIfAbsent(type, ZeroObjects::build);
  }

  /** The empty object of a custom resource: its type and nothing else. */
  static ObjectNode custom(String apiVersion, String kind) {
    ObjectNode zero = NODES.objectNode();
    zero.put("apiVersion", apiVersion);
    zero.put("kind", kind);
    return zero;
  }

  private static ObjectNode build(Class<?> type) {
    ObjectNode zero = NODES.objectNode();
    for (String field : STRUCTS.getOrDefault(type, List.of())) {
      Class<?> fieldType = BuiltinSchemas.fieldClass(type, field);
      zero.set(field, fieldType == null ? NODES.objectNode() : build(fieldType));
    }
    for (String field : NULL_LISTS.getOrDefault(type, List.of())) {
      zero.putNull(field);
    }
    return zero;
  }
}
