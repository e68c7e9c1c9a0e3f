package io.kubeloop.operators.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Who a node is: what its Node object says about it apart from conditions and heartbeats.
 *
 * @param labels the labels it registers with, kubernetes.io/hostname, /os and /arch included
 */
record NodeIdentity(
    String name,
    String internalIp,
    String hostname,
    Map<String, String> labels,
    NodeResources resources,
    int port,
    String kubeletVersion,
    String runtimeVersion,
    HostFacts host) {

  /** What the node reports about the machine in {@code status.nodeInfo}. */
  record HostFacts(
      String machineId,
      String systemUuid,
      String bootId,
      String kernelVersion,
      String osImage,
      String operatingSystem,
      String architecture) {

    /** This machine's, read once. */
    static HostFacts detect() {
      String os = System.getProperty("os.name", "linux").toLowerCase(java.util.Locale.ROOT);
      return new HostFacts(
          read("/etc/machine-id").replace("-", ""),
          read("/sys/class/dmi/id/product_uuid"),
          read("/proc/sys/kernel/random/boot_id"),
          System.getProperty("os.version", ""),
          readOsImage(),
          os.startsWith("linux") ? "linux" : os,
          detectArchitecture());
    }

    /** The same machine seen as another node: ids derived from the node's name. */
    HostFacts forNode(String nodeName) {
      String id =
          UUID.nameUUIDFromBytes(("kubeloop-node/" + nodeName).getBytes(StandardCharsets.UTF_8))
              .toString();
      return new HostFacts(
          id.replace("-", ""), id, bootId, kernelVersion, osImage, operatingSystem, architecture);
    }

    private static String read(String file) {
      try {
        return Files.readString(Path.of(file)).trim();
      } catch (IOException | SecurityException e) {
        return "";
      }
    }

    private static String readOsImage() {
      try {
        for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
          if (line.startsWith("PRETTY_NAME=")) {
            return line.substring("PRETTY_NAME=".length()).replace("\"", "");
          }
        }
      } catch (IOException | SecurityException e) {
        // not every system has it
      }
      return System.getProperty("os.name", "");
    }

    static String detectArchitecture() {
      String arch = System.getProperty("os.arch", "");
      return switch (arch) {
        case "x86_64", "amd64" -> "amd64";
        case "aarch64", "arm64" -> "arm64";
        default -> arch;
      };
    }
  }
}
