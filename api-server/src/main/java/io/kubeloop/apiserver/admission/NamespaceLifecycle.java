package io.kubeloop.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.GroupResource;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Kube's NamespaceLifecycle plugin: nothing is created in a namespace that does not exist (404) or
 * is being deleted (403), and the namespaces the system relies on cannot be deleted.
 */
public final class NamespaceLifecycle implements AdmissionPlugin {

  /** Namespaces that exist from the start and may not be deleted. */
  public static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");

  private final Function<String, Optional<JsonNode>> namespaces;

  /**
   * @param namespaces looks up a namespace object by name, as fresh as storage
   */
  public NamespaceLifecycle(Function<String, Optional<JsonNode>> namespaces) {
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
    JsonNode namespace =
        namespaces
            .apply(request.namespace())
            .orElseThrow(
                () -> ApiException.notFound(GroupResource.core("namespaces"), request.namespace()));
    boolean terminating =
        "Terminating".equals(namespace.path("status").path("phase").asText())
            || !namespace.path("metadata").path("deletionTimestamp").asText("").isEmpty();
    if (terminating) {
      throw ApiException.forbidden(
          request.type().groupResource(),
          request.name(),
          "unable to create new content in namespace "
              + request.namespace()
              + " because it is being terminated");
    }
  }
}
