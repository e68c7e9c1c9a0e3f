package io.kubeloop.apiserver.resource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.List;
import java.util.Set;

/** The built-in resources served from the start, with kube's short names and categories. */
final class BuiltinResources {

  private BuiltinResources() {}

  static List<ResourceType> all() {
    return List.of(
        cluster(
            "",
            "v1",
            "namespaces",
            "Namespace",
            List.of("ns"),
            List.of(),
            Set.of("status", "finalize"),
            Namespace.class),
        namespaced(
            "",
            "v1",
            "pods",
            "Pod",
            List.of("po"),
            List.of("all"),
            Set.of("status", "binding", "log"),
            Pod.class),
        cluster("", "v1", "nodes", "Node", List.of("no"), List.of(), Set.of("status"), Node.class),
        namespaced(
            "",
            "v1",
            "configmaps",
            "ConfigMap",
            List.of("cm"),
            List.of(),
            Set.of(),
            ConfigMap.class),
        namespaced("", "v1", "secrets", "Secret", List.of(), List.of(), Set.of(), Secret.class),
        namespaced(
            "",
            "v1",
            "services",
            "Service",
            List.of("svc"),
            List.of("all"),
            Set.of("status"),
            Service.class),
        namespaced(
            "",
            "v1",
            "serviceaccounts",
            "ServiceAccount",
            List.of("sa"),
            List.of(),
            Set.of(),
            ServiceAccount.class),
        namespaced("", "v1", "events", "Event", List.of("ev"), List.of(), Set.of(), Event.class),
        namespaced(
            "events.k8s.io",
            "v1",
            "events",
            "Event",
            List.of("ev"),
            List.of(),
            Set.of(),
            io.fabric8.kubernetes.api.model.events.v1.Event.class),
        namespaced(
            "apps",
            "v1",
            "deployments",
            "Deployment",
            List.of("deploy"),
            List.of("all"),
            Set.of("status", "scale"),
            Deployment.class),
        namespaced(
            "apps",
            "v1",
            "replicasets",
            "ReplicaSet",
            List.of("rs"),
            List.of("all"),
            Set.of("status", "scale"),
            ReplicaSet.class),
        namespaced(
            "coordination.k8s.io",
            "v1",
            "leases",
            "Lease",
            List.of(),
            List.of(),
            Set.of(),
            Lease.class),
        cluster(
            "apiextensions.k8s.io",
            "v1",
            "customresourcedefinitions",
            "CustomResourceDefinition",
            List.of("crd", "crds"),
            List.of("api-extensions"),
            Set.of("status"),
            io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class));
  }

  private static ResourceType namespaced(
      String group,
      String version,
      String plural,
      String kind,
      List<String> shortNames,
      List<String> categories,
      Set<String> subresources,
      Class<?> type) {
    return new ResourceType(
        group,
        version,
        plural,
        null,
        kind,
        true,
        shortNames,
        categories,
        subresources,
        type,
        subresources.contains("scale") ? ResourceType.ScalePaths.WORKLOADS : null,
        null);
  }

  private static ResourceType cluster(
      String group,
      String version,
      String plural,
      String kind,
      List<String> shortNames,
      List<String> categories,
      Set<String> subresources,
      Class<?> type) {
    return new ResourceType(
        group,
        version,
        plural,
        null,
        kind,
        false,
        shortNames,
        categories,
        subresources,
        type,
        null,
        null);
  }
}
