package io.kubeloop.benchmarks.apiserver;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The objects every benchmark writes: ConfigMaps with about 1 KiB of data (eight 128-character
 * values) and a label, plus a small {@code v} entry that updates change.
 */
final class ConfigMaps {

  /** Bytes of data values per object, apart from {@code v}. */
  static final int DATA_BYTES = 1024;

  private static final Map<String, String> DATA = data();

  private ConfigMaps() {}

  private static Map<String, String> data() {
    Map<String, String> data = new LinkedHashMap<>();
    for (int i = 0; i < 8; i++) {
      data.put("key-" + i, String.valueOf((char) ('a' + i)).repeat(DATA_BYTES / 8));
    }
    return Map.copyOf(data);
  }

  static String name(int index) {
    return String.format("cm-%06d", index);
  }

  /** A new object named {@code name}; {@code v} distinguishes its versions. */
  static ConfigMap create(String name, String v) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("app", "apibench")
        .endMetadata()
        .addToData(DATA)
        .addToData("v", v)
        .build();
  }

  /** {@code current} with {@code v} changed, keeping its resourceVersion (a conditional PUT). */
  static ConfigMap update(ConfigMap current, String v) {
    return new ConfigMapBuilder(current).addToData("v", v).build();
  }
}
