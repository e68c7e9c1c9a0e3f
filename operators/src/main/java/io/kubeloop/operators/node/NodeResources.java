package io.kubeloop.operators.node;

import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A node's capacity: what it reports in {@code status.capacity}. Its {@code status.allocatable} is
 * the capacity less the kubelet's default hard eviction thresholds ({@code memory.available<100Mi},
 * {@code nodefs.available<10%}); nothing is reserved for system daemons.
 *
 * @param cpu e.g. {@code 4} or {@code 3500m}
 * @param memory e.g. {@code 16Gi}
 * @param pods how many pods the node takes, e.g. {@code 110}
 * @param ephemeralStorage e.g. {@code 100Gi}
 */
public record NodeResources(String cpu, String memory, String pods, String ephemeralStorage) {

  /** The kubelet's default {@code maxPods}. */
  public static final int DEFAULT_MAX_PODS = 110;

  public NodeResources {
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(pods, "pods");
    Objects.requireNonNull(ephemeralStorage, "ephemeralStorage");
    for (String value : new String[] {cpu, memory, pods, ephemeralStorage}) {
      try {
        Quantity.getAmountInBytes(new Quantity(value));
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new IllegalArgumentException("not a quantity: \"" + value + "\"", e);
      }
    }
  }

  /**
   * This machine's: its processors, its physical memory, 110 pods, and the size of the file system
   * holding {@code /}.
   */
  public static NodeResources detect() {
    long memory = 0;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      memory = os.getTotalMemorySize();
    }
    long disk;
    try {
      disk = Files.getFileStore(Path.of("/")).getTotalSpace();
    } catch (IOException e) {
      disk = 0;
    }
    return new NodeResources(
        Integer.toString(Runtime.getRuntime().availableProcessors()),
        (memory / 1024) + "Ki",
        Integer.toString(DEFAULT_MAX_PODS),
        (disk / 1024) + "Ki");
  }

  /** {@code status.capacity}. */
  Map<String, Quantity> capacity() {
    Map<String, Quantity> capacity = new LinkedHashMap<>();
    capacity.put("cpu", new Quantity(cpu));
    capacity.put("ephemeral-storage", new Quantity(ephemeralStorage));
    capacity.put("memory", new Quantity(memory));
    capacity.put("pods", new Quantity(pods));
    return capacity;
  }

  /** {@code status.allocatable}: capacity less the default eviction thresholds. */
  Map<String, Quantity> allocatable() {
    Map<String, Quantity> allocatable = new LinkedHashMap<>();
    allocatable.put("cpu", new Quantity(cpu));
    long storage = Quantity.getAmountInBytes(new Quantity(ephemeralStorage)).longValue();
    allocatable.put("ephemeral-storage", new Quantity(Long.toString(storage - storage / 10)));
    long bytes = Quantity.getAmountInBytes(new Quantity(memory)).longValue();
    long reserved = 100L * 1024 * 1024;
    allocatable.put("memory", new Quantity((Math.max(0, bytes - reserved) / 1024) + "Ki"));
    allocatable.put("pods", new Quantity(pods));
    return allocatable;
  }
}
