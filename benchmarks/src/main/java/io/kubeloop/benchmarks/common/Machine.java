package io.kubeloop.benchmarks.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the table header says about the machine a run was measured on. */
public final class Machine {

  private Machine() {}

  /** The 1-minute load average, or "?" where /proc is missing. */
  public static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** One line: cores, Java version, heap limit and the load average now. */
  public static String describe() {
    // SLF4J prints its "no provider" notice on first use: let it come before any table
    org.slf4j.LoggerFactory.getILoggerFactory();
    return String.format(
        "%d cores, Java %s, max heap %d MiB, load average %s",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        Runtime.getRuntime().maxMemory() >> 20,
        loadAverage());
  }
}
