package io.kubeloop.apiserver.crd.schema;

/**
 * Field paths rendered as kube's {@code field.Path} renders them: children joined by dots ({@code
 * spec.replicas}), indexes and map keys in brackets ({@code containers[0]}, {@code
 * properties[spec]}). The empty string is the root.
 */
final class Paths {

  private Paths() {}

  static String child(String base, String name) {
    return base.isEmpty() ? name : base + "." + name;
  }

  static String key(String base, String key) {
    return base + "[" + key + "]";
  }

  static String index(String base, int i) {
    return base + "[" + i + "]";
  }
}
