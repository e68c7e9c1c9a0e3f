package io.kubeloop.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.KubeApiServer;
import io.kubeloop.apiserver.storage.KeyValue;
import io.kubeloop.apiserver.storage.SqliteStorage;
import io.kubeloop.apiserver.storage.Storage;
import io.kubeloop.apiserver.storage.etcd.EtcdOptions;
import io.kubeloop.apiserver.storage.etcd.EtcdStorage;
import io.kubeloop.apiserver.storage.etcd.LocalEtcdCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kubeloop storage copy}: SQLite to etcd, served from there, and back to SQLite. */
class StorageCopyIT {

  @TempDir Path dir;

  @Test
  void copiesEmbeddedStoreToEtcdAndBack() throws Exception {
    Path binary = LocalEtcdCluster.findBinary().orElse(null);
    Assumptions.assumeTrue(binary != null, "etcd not found: run tools/install-etcd.sh");
    Path embedded = dir.resolve("embedded");
    try (KubeApiServer server = KubeApiServer.start(ApiServerConfig.defaults(embedded));
        KubernetesClient client = client(server)) {
      for (int i = 0; i < 25; i++) {
        client.configMaps().resource(configMap("cm-" + i)).create();
      }
    }
    try (LocalEtcdCluster etcd = LocalEtcdCluster.start(binary, 1, dir.resolve("etcd"))) {
      int code =
          new CommandLine(new Main())
              .execute(
                  "storage",
                  "copy",
                  "--from",
                  "sqlite:" + embedded,
                  "--to",
                  "etcd:" + etcd.servers());
      assertThat(code).isZero();

      // an API server on etcd serves what the embedded one had, at new resourceVersions
      Path etcdData = dir.resolve("on-etcd");
      try (KubeApiServer server =
              KubeApiServer.start(ApiServerConfig.defaults(etcdData).withEtcd(etcd.options()));
          KubernetesClient client = client(server)) {
        List<ConfigMap> items =
            client.configMaps().inNamespace("default").withLabel("copied", "yes").list().getItems();
        assertThat(items).hasSize(25);
        assertThat(client.namespaces().withName("kube-system").get()).isNotNull();
      }

      Path back = dir.resolve("back");
      Files.createDirectories(back);
      code =
          new CommandLine(new Main())
              .execute(
                  "storage", "copy", "--from", "etcd:" + etcd.servers(), "--to", "sqlite:" + back);
      assertThat(code).isZero();
      try (Storage original = SqliteStorage.open(embedded.resolve("kubeloop.db"));
          Storage restored = SqliteStorage.open(back.resolve("kubeloop.db"));
          Storage onEtcd = EtcdStorage.open(EtcdOptions.of(etcd.servers()))) {
        assertThat(values(restored)).isEqualTo(values(onEtcd));
        assertThat(values(restored).keySet()).containsAll(values(original).keySet());
      }
    }
  }

  private static Map<String, String> values(Storage storage) {
    return storage.range("/registry/core/configmaps/", null, 0, 0).kvs().stream()
        .collect(Collectors.toMap(KeyValue::key, kv -> new String(kv.value())));
  }

  private static ConfigMap configMap(String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .addToLabels("copied", "yes")
        .endMetadata()
        .addToData("v", name)
        .build();
  }

  private static KubernetesClient client(KubeApiServer server) throws Exception {
    Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
    return new KubernetesClientBuilder().withConfig(config).build();
  }
}
