package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.kubeloop.apiserver.errors.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Resource names and quantities of containers and nodes, after kube's {@code
 * validateResourceRequirements}, {@code ValidateResourceQuantityValue} and the resource helpers.
 */
final class Resources {

  private static final Set<String> STANDARD_RESOURCES =
      Set.of(
          "cpu",
          "memory",
          "ephemeral-storage",
          "requests.cpu",
          "requests.memory",
          "requests.ephemeral-storage",
          "limits.cpu",
          "limits.memory",
          "limits.ephemeral-storage",
          "pods",
          "count/pods",
          "resourcequotas",
          "services",
          "replicationcontrollers",
          "secrets",
          "configmaps",
          "persistentvolumeclaims",
          "storage",
          "requests.storage",
          "services.nodeports",
          "services.loadbalancers");
  private static final Set<String> INTEGER_RESOURCES =
      Set.of(
          "pods",
          "resourcequotas",
          "services",
          "replicationcontrollers",
          "secrets",
          "configmaps",
          "persistentvolumeclaims",
          "services.nodeports",
          "services.loadbalancers");
  private static final Set<String> QOS_RESOURCES = Set.of("cpu", "memory");

  private Resources() {}

  /** A container's requests and limits: names, quantities, and requests within limits. */
  static List<FieldError> validateRequirements(ResourceRequirements req, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (req == null) {
      return errs;
    }
    FieldPath limPath = path.child("limits");
    FieldPath reqPath = path.child("requests");
    Map<String, Quantity> limits = sorted(req.getLimits());
    Map<String, Quantity> requests = sorted(req.getRequests());
    boolean cpuOrMemory = false;
    boolean hugePages = false;
    for (Map.Entry<String, Quantity> e : limits.entrySet()) {
      FieldPath p = limPath.key(e.getKey());
      errs.addAll(validateContainerResourceName(e.getKey(), p));
      errs.addAll(validateQuantity(e.getKey(), e.getValue(), p));
      hugePages |= isHugePages(e.getKey());
      cpuOrMemory |= QOS_RESOURCES.contains(e.getKey());
    }
    for (Map.Entry<String, Quantity> e : requests.entrySet()) {
      String name = e.getKey();
      FieldPath p = reqPath.key(name);
      errs.addAll(validateContainerResourceName(name, p));
      List<FieldError> quantityErrs = validateQuantity(name, e.getValue(), p);
      errs.addAll(quantityErrs);
      Quantity limit = limits.get(name);
      if (limit != null) {
        Optional<BigDecimal> request = valueOf(e.getValue());
        Optional<BigDecimal> lim = valueOf(limit);
        if (request.isPresent() && lim.isPresent()) {
          int cmp = request.get().compareTo(lim.get());
          if (cmp != 0 && !isOvercommitAllowed(name)) {
            errs.add(
                FieldError.invalid(
                    reqPath.toString(),
                    Quantities.canonical(e.getValue()),
                    "must be equal to " + name + " limit of " + Quantities.canonical(limit)));
          } else if (cmp > 0) {
            errs.add(
                FieldError.invalid(
                    reqPath.toString(),
                    Quantities.canonical(e.getValue()),
                    "must be less than or equal to "
                        + name
                        + " limit of "
                        + Quantities.canonical(limit)));
          }
        }
      } else if (!isOvercommitAllowed(name)) {
        errs.add(
            FieldError.required(
                limPath.toString(), "Limit must be set for non overcommitable resources"));
      }
      hugePages |= isHugePages(name);
      cpuOrMemory |= QOS_RESOURCES.contains(name);
    }
    if (!cpuOrMemory && hugePages) {
      errs.add(FieldError.forbidden(path.toString(), "HugePages require cpu or memory"));
    }
    return errs;
  }

  /** Node capacity or allocatable: quantities only, any resource name. */
  static List<FieldError> validateQuantities(Map<String, Quantity> list, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    for (Map.Entry<String, Quantity> e : sorted(list).entrySet()) {
      errs.addAll(validateQuantity(e.getKey(), e.getValue(), path.child(e.getKey())));
    }
    return errs;
  }

  /** The quantity parses, is not negative, and is whole for integer resources. */
  static List<FieldError> validateQuantity(String resource, Quantity q, FieldPath path) {
    String text = Quantities.text(q);
    Optional<String> problem = Quantities.problem(text);
    if (problem.isPresent()) {
      return List.of(FieldError.invalid(path.toString(), text, problem.get()));
    }
    List<FieldError> errs = new ArrayList<>();
    BigDecimal value = Quantities.value(q);
    if (value.signum() < 0) {
      errs.add(
          FieldError.invalid(
              path.toString(), Quantities.canonical(q), "must be greater than or equal to 0"));
    }
    if (isIntegerResource(resource) && value.stripTrailingZeros().scale() > 0) {
      errs.add(FieldError.invalid(path.toString(), Quantities.canonical(q), "must be an integer"));
    }
    return errs;
  }

  /** Rounds every quantity up to milli precision and prints it as kube would. */
  static Map<String, Quantity> normalized(Map<String, Quantity> list) {
    if (list == null) {
      return null;
    }
    Map<String, Quantity> out = new LinkedHashMap<>();
    list.forEach((k, v) -> out.put(k, v == null ? null : Quantities.normalized(v)));
    return out;
  }

  private static List<FieldError> validateContainerResourceName(String name, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    for (String msg : Names.isQualifiedName(name)) {
      errs.add(FieldError.invalid(path.toString(), name, msg));
    }
    if (!errs.isEmpty()) {
      return errs;
    }
    if (!name.contains("/")) {
      if (!isStandardResourceName(name)) {
        errs.add(
            FieldError.invalid(
                path.toString(), name, "must be a standard resource type or fully qualified"));
        return errs;
      }
      if (!isStandardContainerResourceName(name)) {
        errs.add(
            FieldError.invalid(
                path.toString(), name, "must be a standard resource for containers"));
      }
    } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
      errs.add(
          FieldError.invalid(
              path.toString(), name, "doesn't follow extended resource name standard"));
    }
    return errs;
  }

  static boolean isStandardResourceName(String name) {
    return STANDARD_RESOURCES.contains(name)
        || name.startsWith("hugepages-")
        || name.startsWith("requests.hugepages-");
  }

  static boolean isStandardContainerResourceName(String name) {
    return name.equals("cpu")
        || name.equals("memory")
        || name.equals("ephemeral-storage")
        || isHugePages(name);
  }

  static boolean isHugePages(String name) {
    return name.startsWith("hugepages-");
  }

  static boolean isNativeResource(String name) {
    return !name.contains("/") || name.contains("kubernetes.io/");
  }

  static boolean isExtendedResourceName(String name) {
    if (isNativeResource(name) || name.startsWith("requests.")) {
      return false;
    }
    return Names.isQualifiedName("requests." + name).isEmpty();
  }

  static boolean isOvercommitAllowed(String name) {
    return isNativeResource(name) && !isHugePages(name);
  }

  static boolean isIntegerResource(String name) {
    return INTEGER_RESOURCES.contains(name) || isExtendedResourceName(name);
  }

  private static Optional<BigDecimal> valueOf(Quantity q) {
    try {
      return Optional.of(Quantities.value(q));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Map<String, Quantity> sorted(Map<String, Quantity> map) {
    return map == null ? new TreeMap<>() : new TreeMap<>(map);
  }
}
