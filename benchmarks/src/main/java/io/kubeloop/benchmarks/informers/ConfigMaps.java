package io.kubeloop.benchmarks.informers;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's objects: ConfigMaps of about {@code bytes} of data. {@code text} data looks like
 * configuration files (property lines with hex ids, which compress about 2:1); {@code random} data
 * is base64-like noise that does not compress.
 */
final class ConfigMaps {

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

  private ConfigMaps() {}

  static ConfigMap build(String namespace, int i, int bytes, String kind, SplittableRandom random) {
    Map<String, String> data = new LinkedHashMap<>();
    int perKey = bytes / 4;
    for (int k = 0; k < 4; k++) {
      data.put(
          "part-" + k + ".properties",
          kind.equals("random") ? noise(perKey, random) : text(perKey, random));
    }
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(String.format("bench-%06d", i))
        .addToLabels("app", "bench")
        .addToLabels("shard", Integer.toString(i % 16))
        .endMetadata()
        .withData(data)
        .build();
  }

  private static String text(int length, SplittableRandom random) {
    StringBuilder s = new StringBuilder(length + 40);
    while (s.length() < length) {
      s.append("service.")
          .append(random.nextInt(30))
          .append(".endpoint=https://svc-")
          .append(Integer.toHexString(random.nextInt()))
          .append(".cluster.local:")
          .append(8000 + random.nextInt(1000))
          .append('\n');
    }
    s.setLength(length);
    return s.toString();
  }

  private static String noise(int length, SplittableRandom random) {
    char[] c = new char[length];
    for (int i = 0; i < length; i++) {
      c[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(c);
  }

  /** Creates {@code count} ConfigMaps with {@code writers} concurrent requests. */
  static void create(
      KubernetesClient client, String namespace, int count, int bytes, String kind, int writers)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        long seed = w;
        futures.add(
            pool.submit(
                () -> {
                  SplittableRandom random = new SplittableRandom(seed);
                  int i;
                  while ((i = next.getAndIncrement()) < count) {
                    client
                        .configMaps()
                        .inNamespace(namespace)
                        .resource(build(namespace, i, bytes, kind, random))
                        .create();
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
  }
}
