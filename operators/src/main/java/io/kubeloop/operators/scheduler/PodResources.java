package io.kubeloop.operators.scheduler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/**
 * What one pod takes from a node, as kube's {@code resourcehelper.PodRequests} computes it.
 *
 * <p>{@code requests} is what the Fit filter and the balanced-allocation score count: the sum of
 * the regular containers, or the largest init container if larger (init containers run one at a
 * time), with restartable ("sidecar") init containers added to every later step, plus the pod's
 * overhead. {@code nonZeroMilliCpu}/{@code nonZeroMemory} are the same sums for the least-allocated
 * score, where a container that asks for no cpu counts as 100m and one that asks for no memory as
 * 200 MiB, so that pods without requests still spread.
 *
 * @param requests the pod's requests
 * @param nonZeroMilliCpu cpu with kube's default for containers that request none
 * @param nonZeroMemory memory with kube's default for containers that request none
 */
record PodResources(Resources requests, long nonZeroMilliCpu, long nonZeroMemory) {

  /** kube's {@code DefaultMilliCPURequest}. */
  static final long DEFAULT_MILLI_CPU = 100;

  /** kube's {@code DefaultMemoryRequest}: 200 MiB. */
  static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

  static PodResources of(Pod pod) {
    PodSpec spec = pod.getSpec();
    if (spec == null) {
      return new PodResources(Resources.ZERO, 0, 0);
    }
    Resources sum = Resources.ZERO;
    long cpu = 0;
    long memory = 0;
    for (Container c : nonNull(spec.getContainers())) {
      Map<String, Quantity> req = requests(c);
      sum = sum.plus(Resources.of(req));
      cpu += nonZeroCpu(req);
      memory += nonZeroMemory(req);
    }
    // init containers run one by one before the regular ones; restartable ones keep running
    Resources sidecars = Resources.ZERO;
    long sidecarCpu = 0;
    long sidecarMemory = 0;
    Resources initMax = Resources.ZERO;
    long initCpu = 0;
    long initMemory = 0;
    for (Container c : nonNull(spec.getInitContainers())) {
      Map<String, Quantity> req = requests(c);
      Resources r = Resources.of(req);
      if ("Always".equals(c.getRestartPolicy())) {
        sidecars = sidecars.plus(r);
        sidecarCpu += nonZeroCpu(req);
        sidecarMemory += nonZeroMemory(req);
        // a sidecar's start is itself a step during which the earlier sidecars run
        initMax = initMax.max(sidecars);
        initCpu = Math.max(initCpu, sidecarCpu);
        initMemory = Math.max(initMemory, sidecarMemory);
      } else {
        initMax = initMax.max(r.plus(sidecars));
        initCpu = Math.max(initCpu, nonZeroCpu(req) + sidecarCpu);
        initMemory = Math.max(initMemory, nonZeroMemory(req) + sidecarMemory);
      }
    }
    sum = sum.plus(sidecars).max(initMax);
    cpu = Math.max(cpu + sidecarCpu, initCpu);
    memory = Math.max(memory + sidecarMemory, initMemory);
    Map<String, Quantity> overhead = spec.getOverhead();
    if (overhead != null && !overhead.isEmpty()) {
      Resources o = Resources.of(overhead);
      sum = sum.plus(o);
      cpu += o.milliCpu();
      memory += o.memory();
    }
    return new PodResources(sum, cpu, memory);
  }

  private static Map<String, Quantity> requests(Container c) {
    return c.getResources() == null ? null : c.getResources().getRequests();
  }

  private static long nonZeroCpu(Map<String, Quantity> requests) {
    Quantity q = requests == null ? null : requests.get(Resources.CPU);
    return q == null ? DEFAULT_MILLI_CPU : Quantities.milliValue(q);
  }

  private static long nonZeroMemory(Map<String, Quantity> requests) {
    Quantity q = requests == null ? null : requests.get(Resources.MEMORY);
    return q == null ? DEFAULT_MEMORY : Quantities.value(q);
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
