package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@link TypeRules} of the built-in kinds kubeloop serves: core/v1 Namespace, Pod, Node,
 * ConfigMap, Secret, Service, ServiceAccount and Event; events.k8s.io/v1 Event; apps/v1 Deployment
 * and ReplicaSet; coordination.k8s.io/v1 Lease.
 *
 * <p>Lookups are lock-free reads of immutable maps; safe from any thread.
 */
public final class BuiltinRules {

  private static final List<TypeRules<? extends HasMetadata>> ALL =
      List.of(
          new NamespaceRules(),
          new PodRules(),
          new NodeRules(),
          new ConfigMapRules(),
          new SecretRules(),
          new ServiceRules(),
          new ServiceAccountRules(),
          new CoreEventRules(),
          new EventsV1Rules(),
          new DeploymentRules(),
          new ReplicaSetRules(),
          new LeaseRules());

  private static final Map<Class<?>, TypeRules<? extends HasMetadata>> BY_TYPE =
      ALL.stream().collect(Collectors.toUnmodifiableMap(TypeRules::type, Function.identity()));

  private static final Map<String, TypeRules<? extends HasMetadata>> BY_KIND =
      ALL.stream()
          .collect(
              Collectors.toUnmodifiableMap(r -> key(r.group(), r.kind()), Function.identity()));

  private BuiltinRules() {}

  /** The rules for a Fabric8 model class, e.g. {@code Pod.class}; empty for other classes. */
  @SuppressWarnings("unchecked") // BY_TYPE maps each class to the rules of that very class
  public static <T extends HasMetadata> Optional<TypeRules<T>> forType(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return Optional.ofNullable((TypeRules<T>) BY_TYPE.get(type));
  }

  /**
   * The rules for a kind in an API group ({@code ""} for core), e.g. {@code ("apps",
   * "Deployment")}; empty when kubeloop has none.
   */
  public static Optional<TypeRules<? extends HasMetadata>> forKind(String group, String kind) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(kind, "kind");
    return Optional.ofNullable(BY_KIND.get(key(group, kind)));
  }

  /** All built-in rules, one per kind. */
  public static List<TypeRules<? extends HasMetadata>> all() {
    return ALL;
  }

  private static String key(String group, String kind) {
    return group + "/" + kind;
  }
}
