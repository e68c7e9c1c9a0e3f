package io.kubeloop.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.errors.FieldError;
import io.kubeloop.apiserver.resource.ResourceType;
import java.util.List;

/**
 * The policies of the built-in resources: kube's defaults and validation (from the typed rules of
 * each kind) plus what the generic store cannot know: a pod's graceful deletion and initial status,
 * a namespace's finalizer and phases, an event's one-hour lifetime.
 */
public final class BuiltinPolicies {

  /** Events live this long after their last write, as kube-apiserver's default --event-ttl. */
  public static final long EVENT_TTL_SECONDS = 3600;

  private BuiltinPolicies() {}

  /** The policy for {@code type}; {@link ObjectPolicy#DEFAULT} plus typed rules if it has any. */
  public static ObjectPolicy forType(ResourceType type) {
    ObjectPolicy rules = TypedRules.forType(type);
    String resource = type.group() + "/" + type.plural();
    return switch (resource) {
      case "/pods" -> new Pods(rules);
      case "/namespaces" -> new Namespaces(rules);
      case "/events", "events.k8s.io/events" -> new Events(rules);
      default -> rules;
    };
  }

  /** Kube's generic metadata rules alone, for resources without typed rules. */
  public static ObjectPolicy metadataOnly(boolean namespaced) {
    return new TypedRules.MetadataOnly(namespaced);
  }

  /** Delegates defaulting and validation to the typed rules of the kind. */
  private abstract static class Delegating implements ObjectPolicy {
    private final ObjectPolicy rules;

    Delegating(ObjectPolicy rules) {
      this.rules = rules;
    }

    @Override
    public void applyDefaults(ObjectNode object) {
      rules.applyDefaults(object);
    }

    @Override
    public void prepareForCreate(ObjectNode object) {
      rules.prepareForCreate(object);
    }

    @Override
    public List<FieldError> validate(ObjectNode object) {
      return rules.validate(object);
    }

    @Override
    public List<FieldError> validateUpdate(ObjectNode object, ObjectNode old) {
      return rules.validateUpdate(object, old);
    }

    @Override
    public List<FieldError> validateStatusUpdate(ObjectNode object, ObjectNode old) {
      return rules.validateStatusUpdate(object, old);
    }
  }

  static final class Pods extends Delegating {
    Pods(ObjectPolicy rules) {
      super(rules);
    }

    @Override
    public void prepareForCreate(ObjectNode pod) {
      super.prepareForCreate(pod);
      ObjectNode status = pod.putObject("status");
      status.put("phase", "Pending");
      status.put("qosClass", qosClass(pod));
    }

    /**
     * Unscheduled pods and pods that have finished go at once; others wait for their node agent for
     * the requested grace period or the pod's terminationGracePeriodSeconds (default 30).
     */
    @Override
    public long gracePeriodSeconds(ObjectNode pod, Long requested) {
      String phase = pod.path("status").path("phase").asText("");
      if (pod.path("spec").path("nodeName").asText("").isEmpty()
          || phase.equals("Succeeded")
          || phase.equals("Failed")) {
        return 0;
      }
      if (requested != null) {
        return requested;
      }
      JsonNode grace = pod.path("spec").path("terminationGracePeriodSeconds");
      return grace.canConvertToLong() ? grace.asLong() : 30;
    }

    /** Guaranteed, Burstable or BestEffort, from the containers' requests and limits. */
    static String qosClass(ObjectNode pod) {
      boolean any = false;
      boolean guaranteed = true;
      for (String list : List.of("initContainers", "containers")) {
        for (JsonNode container : pod.path("spec").path(list)) {
          JsonNode requests = container.path("resources").path("requests");
          JsonNode limits = container.path("resources").path("limits");
          for (String resource : List.of("cpu", "memory")) {
            JsonNode request = requests.get(resource);
            JsonNode limit = limits.get(resource);
            if (request != null || limit != null) {
              any = true;
            }
            if (limit == null || (request != null && !request.asText().equals(limit.asText()))) {
              guaranteed = false;
            }
          }
        }
      }
      if (!any) {
        return "BestEffort";
      }
      return guaranteed ? "Guaranteed" : "Burstable";
    }
  }

  static final class Namespaces extends Delegating {
    Namespaces(ObjectPolicy rules) {
      super(rules);
    }

    @Override
    public void prepareForCreate(ObjectNode namespace) {
      super.prepareForCreate(namespace);
      namespace.putObject("spec").putArray("finalizers").add("kubernetes");
      namespace.putObject("status").put("phase", "Active");
    }

    /** The namespace controller empties the namespace and then removes spec.finalizers. */
    @Override
    public boolean blocksDeletion(ObjectNode namespace) {
      return !namespace.path("spec").path("finalizers").isEmpty();
    }

    @Override
    public void prepareForDeletion(ObjectNode namespace) {
      namespace.withObject("status").put("phase", "Terminating");
    }
  }

  static final class Events extends Delegating {
    Events(ObjectPolicy rules) {
      super(rules);
    }

    @Override
    public long ttlSeconds() {
      return EVENT_TTL_SECONDS;
    }
  }
}
