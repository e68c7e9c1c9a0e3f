package io.kubeloop.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;

/** The {@code /version} document, in kube's shape, naming the Kubernetes API level served. */
final class Version {

  static final String MAJOR = "1";
  static final String MINOR = "35";

  private static final byte[] DOCUMENT = build();

  private Version() {}

  static byte[] document() {
    return DOCUMENT;
  }

  private static byte[] build() {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("major", MAJOR);
    doc.put("minor", MINOR);
    doc.put("emulationMajor", MAJOR);
    doc.put("emulationMinor", MINOR);
    doc.put("gitVersion", "v" + MAJOR + "." + MINOR + ".0-kubeloop");
    String implementation = Version.class.getPackage().getImplementationVersion();
    doc.put("gitCommit", implementation == null ? "unknown" : implementation);
    doc.put("gitTreeState", "clean");
    doc.put("buildDate", "1970-01-01T00:00:00Z");
    doc.put("goVersion", "java" + Runtime.version().feature());
    doc.put("compiler", "kubeloop");
    doc.put(
        "platform",
        System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT) + "/" + arch());
    return Json.write(doc);
  }

  private static String arch() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> arch;
    };
  }
}
