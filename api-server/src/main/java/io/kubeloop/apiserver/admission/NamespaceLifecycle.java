package io.kubeloop.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.GroupResource;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Kube's NamespaceLifecycle plugin: nothing is created in a namespace that does not exist (404) or
 * is being deleted (403), and the namespaces the system relies on cannot be deleted.
 *
 * <p>Every create in a namespace looks the namespace up; whether it is terminating is worked out
 * once per version of the namespace (by its resourceVersion) and remembered, rather than parsed
 * from JSON on every create.
 *
 * <p>Thread-safe.
 */
public final class NamespaceLifecycle implements AdmissionPlugin {

  /** Namespaces that exist from the start and may not be deleted. */
  public static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");

  /** The most namespaces whose state is remembered; beyond that the least used are parsed again. */
  static final int REMEMBERED = 10_000;

  /**
   * A namespace as stored.
   *
   * @param revision its resourceVersion: a new one for every change, so it identifies this version
   * @param json its JSON; not modified
   */
  public record Namespace(long revision, byte[] json) {}

  private record State(long revision, boolean terminating) {}

  private final Function<String, Optional<Namespace>> namespaces;
  private final Cache<String, State> states =
      Caffeine.newBuilder().maximumSize(REMEMBERED).executor(Runnable::run).build();

  /**
   * @param namespaces looks up a namespace by name, as fresh as storage
   */
  public NamespaceLifecycle(Function<String, Optional<Namespace>> namespaces) {
    this.namespaces = namespaces;
  }

  @Override
  public String name() {
    return "NamespaceLifecycle";
  }

  @Override
  public void admit(AdmissionRequest request) {
    boolean isNamespace =
        request.type().group().isEmpty() && request.type().plural().equals("namespaces");
    if (isNamespace) {
      if (request.operation() == AdmissionRequest.Operation.DELETE
          && IMMORTAL.contains(request.name())) {
        throw ApiException.forbidden(
            GroupResource.core("namespaces"), request.name(), "this namespace may not be deleted");
      }
      return;
    }
    if (request.operation() != AdmissionRequest.Operation.CREATE || !request.type().namespaced()) {
      return;
    }
    Optional<Namespace> namespace = namespaces.apply(request.namespace());
    if (namespace.isEmpty()) {
      states.invalidate(request.namespace());
      throw ApiException.notFound(GroupResource.core("namespaces"), request.namespace());
    }
    if (terminating(request.namespace(), namespace.get())) {
      throw ApiException.forbidden(
          request.type().groupResource(),
          request.name(),
          "unable to create new content in namespace "
              + request.namespace()
              + " because it is being terminated");
    }
  }

  private boolean terminating(String name, Namespace namespace) {
    State known = states.getIfPresent(name);
    if (known != null && known.revision() == namespace.revision()) {
      return known.terminating();
    }
    JsonNode tree = Json.readStored(namespace.json());
    boolean terminating =
        "Terminating".equals(tree.path("status").path("phase").asText())
            || !tree.path("metadata").path("deletionTimestamp").asText("").isEmpty();
    states.put(name, new State(namespace.revision(), terminating));
    return terminating;
  }

  /** How many namespaces' states are remembered (tests). */
  long remembered() {
    return states.estimatedSize();
  }
}
