package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An amount of each resource the scheduler counts (kube's {@code framework.Resource}): cpu in
 * millicores, memory and ephemeral storage in bytes, and scalar resources (extended resources such
 * as {@code example.com/gpu}, {@code hugepages-*}, {@code attachable-volumes-*}) as integers.
 * Immutable; {@link #ZERO} is the empty amount.
 */
record Resources(long milliCpu, long memory, long ephemeralStorage, Map<String, Long> scalars) {

  static final Resources ZERO = new Resources(0, 0, 0, Map.of());

  static final String CPU = "cpu";
  static final String MEMORY = "memory";
  static final String EPHEMERAL_STORAGE = "ephemeral-storage";
  static final String PODS = "pods";

  Resources {
    scalars = Map.copyOf(scalars);
  }

  /** The resources of a resource list (requests, allocatable, overhead); others are ignored. */
  static Resources of(Map<String, Quantity> list) {
    if (list == null || list.isEmpty()) {
      return ZERO;
    }
    long cpu = 0;
    long memory = 0;
    long ephemeral = 0;
    Map<String, Long> scalars = null;
    for (Map.Entry<String, Quantity> e : list.entrySet()) {
      switch (e.getKey()) {
        case CPU -> cpu = Quantities.milliValue(e.getValue());
        case MEMORY -> memory = Quantities.value(e.getValue());
        case EPHEMERAL_STORAGE -> ephemeral = Quantities.value(e.getValue());
        default -> {
          if (isScalar(e.getKey())) {
            if (scalars == null) {
              scalars = new TreeMap<>();
            }
            scalars.put(e.getKey(), Quantities.value(e.getValue()));
          }
        }
      }
    }
    return new Resources(cpu, memory, ephemeral, scalars == null ? Map.of() : scalars);
  }

  /**
   * kube's {@code IsScalarResourceName}: extended resources (a domain-prefixed name outside {@code
   * kubernetes.io/}), prefixed native resources, huge pages and attachable volumes.
   */
  static boolean isScalar(String name) {
    if (name.startsWith("hugepages-") || name.startsWith("attachable-volumes-")) {
      return true;
    }
    return name.indexOf('/') >= 0 && !name.startsWith("requests.");
  }

  long scalar(String name) {
    Long v = scalars.get(name);
    return v == null ? 0 : v;
  }

  boolean isZero() {
    return milliCpu == 0 && memory == 0 && ephemeralStorage == 0 && scalars.isEmpty();
  }

  Resources plus(Resources o) {
    return combine(o, 1);
  }

  Resources minus(Resources o) {
    return combine(o, -1);
  }

  private Resources combine(Resources o, int sign) {
    if (o.isZero()) {
      return this;
    }
    Map<String, Long> s = scalars;
    if (!o.scalars.isEmpty()) {
      Map<String, Long> merged = new HashMap<>(scalars);
      o.scalars.forEach((k, v) -> merged.merge(k, sign * v, Long::sum));
      merged.values().removeIf(v -> v == 0);
      s = merged;
    }
    return new Resources(
        milliCpu + sign * o.milliCpu,
        memory + sign * o.memory,
        ephemeralStorage + sign * o.ephemeralStorage,
        s);
  }

  /** Each resource's larger value (kube's {@code SetMaxResource}, for init containers). */
  Resources max(Resources o) {
    Map<String, Long> s = scalars;
    if (!o.scalars.isEmpty()) {
      Map<String, Long> merged = new HashMap<>(scalars);
      o.scalars.forEach((k, v) -> merged.merge(k, v, Math::max));
      s = merged;
    }
    return new Resources(
        Math.max(milliCpu, o.milliCpu),
        Math.max(memory, o.memory),
        Math.max(ephemeralStorage, o.ephemeralStorage),
        s);
  }
}
